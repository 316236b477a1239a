//! Fractional indexing: order keys are strings that sort between their
//! neighbours, so inserting or moving never rewrites other items. Equal keys
//! (from concurrent inserts) are tie-broken by id where they are sorted.

const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE: usize = DIGITS.len();

fn digit(c: u8) -> usize {
    DIGITS.iter().position(|d| *d == c).unwrap_or(0)
}

/// A key strictly between `lo` and `hi` (`None` meaning the start or end).
/// When `lo >= hi` (concurrent edits can produce that), `hi` is ignored, so
/// the result is always strictly greater than `lo`.
pub fn between(lo: Option<&str>, hi: Option<&str>) -> String {
    let lo = lo.unwrap_or("").as_bytes();
    let mut hi = hi.map(str::as_bytes).filter(|h| *h > lo);
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let dl = lo.get(i).map_or(0, |c| digit(*c));
        let dh = match hi {
            Some(h) => h.get(i).map_or(BASE, |c| digit(*c)),
            None => BASE,
        };
        if dl == dh {
            out.push(DIGITS[dl]);
            i += 1;
            continue;
        }
        let mid = (dl + dh) / 2;
        if mid > dl {
            out.push(DIGITS[mid]);
            return String::from_utf8_lossy(&out).into_owned();
        }
        out.push(DIGITS[dl]);
        i += 1;
        hi = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn simple_cases() {
        assert_eq!(between(None, None), "i");
        let a = between(None, Some("i"));
        assert!(a.as_str() < "i" && !a.is_empty());
        let b = between(Some("i"), None);
        assert!(b.as_str() > "i");
        let c = between(Some("i"), Some("j"));
        assert!(c.as_str() > "i" && c.as_str() < "j");
        // Reversed bounds ignore hi and stay above lo.
        assert!(between(Some("k"), Some("c")).as_str() > "k");
    }

    proptest! {
        #[test]
        fn always_strictly_between(seq in proptest::collection::vec(0usize..100, 1..60)) {
            let mut keys: Vec<String> = vec![between(None, None)];
            for pick in seq {
                let i = pick % (keys.len() + 1);
                let lo = if i == 0 { None } else { Some(keys[i - 1].as_str()) };
                let hi = keys.get(i).map(String::as_str);
                let k = between(lo, hi);
                if let Some(lo) = lo { prop_assert!(k.as_str() > lo); }
                if let Some(hi) = hi { prop_assert!(k.as_str() < hi); }
                prop_assert!(!k.ends_with('0'));
                keys.insert(i, k);
            }
        }
    }
}
