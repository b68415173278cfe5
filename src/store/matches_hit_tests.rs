//! A match packed in one integer keeps its rowid, its read mark and the
//! rowid order.

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
