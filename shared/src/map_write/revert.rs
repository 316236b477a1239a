//! Undoing one edit of a card's text while keeping typing elsewhere in it
//! since (what Undo does to a text edit).

use super::{card_obj, check_text};
use crate::ModelError;
use crate::ids::CardId;
use crate::keys;
use automerge::ReadDoc;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType};

/// How many characters to match on each side of an edit when finding it again.
const CONTEXT_CHARS: usize = 16;

/// Undoes the edit that turned `before` into `after` in the card's current
/// text: the part that edit inserted (found by itself and a little text on
/// either side) is replaced by the part it removed. Typing elsewhere in the
/// card since then is kept. If the edited part has changed since, or cannot
/// be found once and only once, nothing is changed.
pub(crate) fn revert_text(
    doc: &mut AutoCommit,
    card: &CardId,
    before: &str,
    after: &str,
) -> Result<(), ModelError> {
    let obj = card_obj(doc, card)?;
    let (text_obj, current) = match doc.get(&obj, keys::TEXT)? {
        Some((automerge::Value::Object(ObjType::Text), t)) => {
            let current = doc.text(&t)?;
            (Some(t), current)
        }
        Some((automerge::Value::Scalar(s), _)) => {
            (None, s.as_str().unwrap_or_default().to_string())
        }
        _ => (None, String::new()),
    };
    let restored = if current == after {
        before.to_string()
    } else {
        splice_back(&current, before, after).ok_or(ModelError::ChangedSince)?
    };
    check_text(&restored)?;
    match text_obj {
        Some(t) => doc.update_text(&t, &restored)?,
        None => {
            let t = doc.put_object(&obj, keys::TEXT, ObjType::Text)?;
            doc.splice_text(&t, 0, 0, &restored)?;
        }
    }
    Ok(())
}

/// `current` with the edit from `before` to `after` reverted, if that edit's
/// inserted text (with its context) occurs exactly once in `current`.
fn splice_back(current: &str, before: &str, after: &str) -> Option<String> {
    let b: Vec<char> = before.chars().collect();
    let a: Vec<char> = after.chars().collect();
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = b[prefix..]
        .iter()
        .rev()
        .zip(a[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let left: String = a[prefix.saturating_sub(CONTEXT_CHARS)..prefix]
        .iter()
        .collect();
    let inserted: String = a[prefix..a.len() - suffix].iter().collect();
    let right_end = (a.len() - suffix + CONTEXT_CHARS).min(a.len());
    let right: String = a[a.len() - suffix..right_end].iter().collect();
    let removed: String = b[prefix..b.len() - suffix].iter().collect();
    let pattern = format!("{left}{inserted}{right}");
    if pattern.is_empty() {
        return None;
    }
    let mut found = current.match_indices(&pattern);
    let (at, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some(format!(
        "{}{left}{removed}{right}{}",
        &current[..at],
        &current[at + pattern.len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::splice_back;

    #[test]
    fn an_edit_is_reverted_around_later_typing() {
        // Ann changed "long" to "very long"; then Bob added a sentence.
        let before = "The wait was long.";
        let after = "The wait was very long.";
        let current = "The wait was very long. Nobody told us why.";
        assert_eq!(
            splice_back(current, before, after).as_deref(),
            Some("The wait was long. Nobody told us why.")
        );
    }

    #[test]
    fn an_edit_that_was_changed_since_is_not_reverted() {
        let current = "The wait was extremely long.";
        assert_eq!(
            splice_back(current, "The wait was long.", "The wait was very long."),
            None
        );
    }
}
