//! A match packed in one integer keeps its rowid, its read mark and the
//! rowid order; a ranked window's scores found by selection are a sort's.

use proptest::prelude::*;

use super::Hit;

proptest! {
    #[test]
    fn a_hit_gives_back_its_rowid_and_mark_in_rowid_order(
        a in -(1i64 << 61)..(1i64 << 61),
        b in -(1i64 << 61)..(1i64 << 61),
        read_a: bool,
        read_b: bool,
    ) {
        let (ha, hb) = (Hit::new(a, read_a), Hit::new(b, read_b));
        prop_assert_eq!((ha.rowid(), ha.read()), (a, read_a));
        prop_assert_eq!((hb.rowid(), hb.read()), (b, read_b));
        prop_assert_eq!(a.cmp(&b).then(read_a.cmp(&read_b)), ha.0.cmp(&hb.0));
    }
}

proptest! {
    /// The window's scores found by selection are those a full sort, best
    /// first, puts at its first and last places, with as many ranked above.
    #[test]
    fn window_scores_are_those_of_a_full_sort(
        scores in proptest::collection::vec(0i64..20, 0..200),
        start in 0usize..220,
        len in 0usize..50,
    ) {
        let mut sorted = scores.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let expected = match (sorted.get(start), start.checked_add(len).and_then(|e| e.checked_sub(1)).and_then(|l| sorted.get(l))) {
            (Some(&hi), Some(&lo)) if len > 0 => {
                Some((hi, lo, sorted.iter().filter(|&&s| s > hi).count()))
            }
            _ => None,
        };
        prop_assert_eq!(super::window_scores(scores, start, len), expected);
    }
}
