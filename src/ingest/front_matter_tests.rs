//! Tests of [`super`]: where headers end, YAML and TOML fields, meanings.

use super::*;
use proptest::prelude::*;

fn lines(s: &str) -> Vec<&str> {
    s.split('\n').collect()
}

fn keys(b: &Block) -> Vec<&str> {
    b.fields.iter().map(|f| f.key.as_str()).collect()
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

#[test]
fn a_header_is_every_leading_key_line_known_or_not() {
    let l =
        lines("Title: Weekly news 119\nNumber: 119\nDate: 2016-02-22\nCategory: Weekly\n\nBody.");
    let b = header_block(&l).unwrap();
    assert_eq!(keys(&b), ["Title", "Number", "Date", "Category"]);
    assert_eq!(b.body_start, 4);
    let m = Meta::from_fields(&b.fields);
    assert_eq!(m.title.as_deref(), Some("Weekly news 119"));
    assert_eq!(m.category.as_deref(), Some("Weekly"));
    assert_eq!(m.unknown_keys, ["Number"]);
    assert!(m.dates.pick(crate::zone::Zone::utc()).is_ok());
}

#[test]
fn hash_comment_headers_of_corpora() {
    let l = lines(
        "# doc_id = news_001\n# url = https://e.vn/a-20201001.htm\n# date = 20201001\nTiêu đề\nThân bài.",
    );
    let b = header_block(&l).unwrap();
    assert_eq!(keys(&b), ["doc_id", "url", "date"]);
    assert_eq!(b.body_start, 3);
    let m = Meta::from_fields(&b.fields);
    assert_eq!(m.link.as_deref(), Some("https://e.vn/a-20201001.htm"));
    assert!(m.unknown_keys.is_empty(), "{:?}", m.unknown_keys);
    // CoNLL-U comments: keys with a space, any key at all
    let l = lines("# newdoc id = vi-1\n# sent_id = 1\n# text = Xin chào\nXin chào");
    let b = header_block(&l).unwrap();
    assert_eq!(keys(&b), ["newdoc id", "sent_id", "text"]);
    assert_eq!(b.body_start, 3);
}

#[test]
fn where_a_header_ends_and_what_is_no_header() {
    // a blank line, then a paragraph that looks like a key: body
    let l = lines("Title: T\nDate: 2020-10-01\n\nNote: body text.\n");
    assert_eq!(header_block(&l).unwrap().body_start, 2);
    // a blank line, then a core key: still the header
    let l = lines("Title: T\n\nDate: 2020-10-01\n\nBody");
    let b = header_block(&l).unwrap();
    assert_eq!((keys(&b), b.body_start), (vec!["Title", "Date"], 3));
    // `Key: value` lines do not continue a `#` header: a title
    let l = lines("# doc_id = a\n# date = 20201101\nTPHCM: Bao nhiêu?\nThân bài");
    assert_eq!(header_block(&l).unwrap().body_start, 2);
    // a header running straight into text gives back trailing unknown keys
    let l = lines("Title: T\nDate: 2020-10-01\nPV: Thưa ông?\nHLV: Vâng.\nHLV Park nói thêm.");
    let b = header_block(&l).unwrap();
    assert_eq!((keys(&b), b.body_start), (vec!["Title", "Date"], 2));
    let l = lines("Title: T\nNumber: 1\n\nBody");
    assert_eq!(header_block(&l).unwrap().body_start, 2);
    // continuation lines (Python-Markdown metadata)
    let l = lines("Title: T\nSummary: one\n    two\nDate: 2020-10-01\n\nBody");
    let b = header_block(&l).unwrap();
    assert_eq!(b.fields[1].value, text("one two"));
    assert_eq!(b.body_start, 4);
    // no core key: prose, not a header
    for no in [
        "Note: something\nmore",
        "Hà Nội: giá xăng tăng\nThân bài",
        "https://e.vn/a\nx",
        "Tin mới # 1\nbody",
        "# not a header\n",
        "Summary: a\nTags: b\n",
        "  Title: indented\n",
        "",
    ] {
        assert!(header_block(&lines(no)).is_none(), "{no:?}");
    }
    assert_eq!(
        colon_line("dc:date: 2020-01-01"),
        Some(("dc:date", " 2020-01-01"))
    );
    assert_eq!(colon_line("Date:2020"), None);
}

#[test]
fn yaml_booleans_lists_nesting_and_aliases() {
    let y = "title: \"Weekly: Rust\"\npublished: false\ndate: 2020-05-01\ntags:\n  - a\n  - b\nimage:\n  path: &i /x.jpg\n  title: photo\n  feature: *i\nextra:\n  author: Sam\nlast: ~\n";
    let f = yaml_fields(y, 2).unwrap().unwrap();
    let got: Vec<(&str, &Value, usize, bool)> = f
        .iter()
        .map(|f| (f.key.as_str(), &f.value, f.line, f.nested))
        .collect();
    assert_eq!(
        got,
        [
            ("title", &text("Weekly: Rust"), 2, false),
            ("published", &Value::Bool(false), 3, false),
            ("date", &text("2020-05-01"), 4, false),
            ("tags", &Value::List(vec!["a".into(), "b".into()]), 5, false),
            ("last", &Value::Other, 14, false),
            ("author", &text("Sam"), 13, true),
        ]
    );
    let m = Meta::from_fields(&f);
    assert_eq!(m.title.as_deref(), Some("Weekly: Rust"));
    assert_eq!(m.author.as_deref(), Some("Sam"));
    assert_eq!(m.tags, ["a", "b"]);
    assert_eq!(m.unknown_keys, ["last"]);
}

#[test]
fn yaml_that_is_no_mapping_or_no_yaml() {
    assert_eq!(yaml_fields("just a line\nof text", 2), Ok(None));
    assert_eq!(yaml_fields("- a\n- b", 2), Ok(None));
    assert_eq!(yaml_fields("", 2), Ok(Some(vec![])));
    let e = yaml_fields("title: A: B\ndate: 2020-01-01", 2).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.starts_with("front matter is not valid YAML"));
    let b = read_block(&lines("---\ntitle: A: B\ndate: 2020-01-01\n---\nBody"));
    assert_eq!(keys(&b), ["title", "date"]);
    assert_eq!((b.body_start, b.warnings.len()), (4, 1));
    // a `---` rule that opens no mapping is no front matter
    let b = read_block(&lines("---\nHello there\n---\nBody"));
    assert_eq!((b.fields.len(), b.body_start), (0, 0));
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut y = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='j').enumerate() {
        let prev = char::from(b'a' + u8::try_from(i).unwrap());
        y.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    y.push_str("title: ok\n");
    let f = yaml_fields(&y, 2).unwrap().unwrap();
    assert_eq!(Meta::from_fields(&f).title.as_deref(), Some("ok"));
}

#[test]
fn toml_tables_and_errors() {
    let t = "path = \"2022/08/01/glibc\"\ntitle = \"Glibc\"\nauthors = [\"Team\"]\ndraft = false\n\n[extra]\nrelease = true\nauthor = \"X\"\n";
    let f = toml_fields(t, 2).unwrap();
    let m = Meta::from_fields(&f);
    assert_eq!(m.title.as_deref(), Some("Glibc"));
    assert_eq!(m.author.as_deref(), Some("Team"));
    assert_eq!(
        m.path_fields,
        [("path".to_string(), "2022/08/01/glibc".to_string())]
    );
    assert!(m.dates.is_empty());
    assert!(m.unknown_keys.is_empty(), "{:?}", m.unknown_keys);
    let e = toml_fields("title = \"x\"\ndate = = 1\n", 2).unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.message.starts_with("front matter is not valid TOML"));
}

#[test]
fn detection_follows_the_same_rules() {
    let yes = [
        "# date = 20201001\n# url = x\nTitle\n",
        "# doc_id = news_001\nTitle\n",
        "\nTitle: T\nDate: 2020-10-01\n",
        "Number: 119\nTitle: T\n\nBody",
        "+++\ntitle = \"x\"\n+++\n",
        "---\ntitle: x\n---\n",
        "---\nlayout: post\n---\nBody",
    ];
    for t in yes {
        assert!(opens_with_block(&lines(t)), "{t:?}");
    }
    let no = [
        "Tin mới # 1\nbody",
        "Note: something\n",
        "---\n\nHello\n",
        "---\nHello\n---\nx",
        "Hà Nội: tin\nthân bài",
    ];
    for t in no {
        assert!(!opens_with_block(&lines(t)), "{t:?}");
    }
}

proptest! {
    #[test]
    fn any_block_reads_without_panic(
        s in "(([#+-]{0,3}|[a-zA-Z: =&*\\[\\]{}\"'-]{0,12}|\\PC{0,6})\n?){0,24}"
    ) {
        let l = lines(&s);
        let b = read_block(&l);
        prop_assert!(b.body_start <= l.len());
        let _ = Meta::from_fields(&b.fields);
        let _ = opens_with_block(&l);
        let _ = yaml_fields(&s, 1);
    }
}
