//! Reading all fields of a map object in one pass. Automerge 0.12 looks up
//! each key separately with `get` (a seek through its columns every time);
//! one `map_range` over the object is several times cheaper when most of
//! its fields are wanted, as they are for every card when reading a map.

use automerge::{ObjId, ObjType, ReadDoc, ScalarValueRef, ValueRef};

/// One field's value, as far as the model cares.
pub(crate) enum Field {
    Str(String),
    Int(i64),
    Bool(bool),
    Object(ObjType, ObjId),
    Other,
}

/// The fields of one map object.
pub(crate) struct Fields(Vec<(String, Field)>);

impl Fields {
    pub(crate) fn of(doc: &impl ReadDoc, obj: &ObjId) -> Fields {
        Fields(
            doc.map_range(obj, ..)
                .map(|item| {
                    let field = match &item.value {
                        ValueRef::Object(t) => Field::Object(*t, item.id()),
                        ValueRef::Scalar(s) => match s {
                            ScalarValueRef::Str(s) => Field::Str(s.to_string()),
                            ScalarValueRef::Int(i) => Field::Int(*i),
                            ScalarValueRef::Uint(u) => {
                                i64::try_from(*u).map_or(Field::Other, Field::Int)
                            }
                            ScalarValueRef::F64(f) => Field::Int(*f as i64),
                            ScalarValueRef::Timestamp(t) => Field::Int(*t),
                            ScalarValueRef::Boolean(b) => Field::Bool(*b),
                            _ => Field::Other,
                        },
                    };
                    (item.key.to_string(), field)
                })
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&Field> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, f)| f)
    }

    /// A string field, whether stored as a scalar or as a Text object.
    pub(crate) fn string(&self, doc: &impl ReadDoc, key: &str) -> Option<String> {
        match self.get(key)? {
            Field::Str(s) => Some(s.clone()),
            Field::Object(ObjType::Text, id) => doc.text(id).ok(),
            _ => None,
        }
    }

    pub(crate) fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Field::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Field::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A nested map object.
    pub(crate) fn map(&self, key: &str) -> Option<&ObjId> {
        match self.get(key)? {
            Field::Object(ObjType::Map, id) => Some(id),
            _ => None,
        }
    }

    /// Every whole-number field, with its key (a ballot's votes per card).
    pub(crate) fn ints(&self) -> impl Iterator<Item = (&str, i64)> {
        self.0.iter().filter_map(|(k, f)| match f {
            Field::Int(i) => Some((k.as_str(), *i)),
            _ => None,
        })
    }

    /// Every nested map object, with its key (the entries of a collection).
    pub(crate) fn maps(&self) -> impl Iterator<Item = (&str, &ObjId)> {
        self.0.iter().filter_map(|(k, f)| match f {
            Field::Object(ObjType::Map, id) => Some((k.as_str(), id)),
            _ => None,
        })
    }
}
