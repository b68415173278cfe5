use super::*;

fn na_hang() -> SavedView {
    SavedView {
        name: "Na Hang 2020".to_string(),
        query: Some("na hang".to_string()),
        date: Some("2020".to_string()),
        ..SavedView::default()
    }
}

#[test]
fn adding_a_view_keeps_comments_and_layout() {
    let before = "# my settings\n\n[ui]\n# Vietnamese, always\nlanguage = \"vi\"   # trailing note\n\n[keys.list]\nx = \"quit\" # x quits\n";
    let after = add_view(before, &na_hang()).unwrap();
    assert!(
        after.starts_with(before),
        "the text before the new table is unchanged:\n{after}"
    );
    assert_eq!(
        &after[before.len()..],
        "\n[[views]]\nname = \"Na Hang 2020\"\nquery = \"na hang\"\ndate = \"2020\"\n"
    );
    let config = crate::config::load(Some(("c.toml", &after))).unwrap();
    assert_eq!(config.views, vec![na_hang()]);
}

#[test]
fn a_view_goes_after_the_views_already_there() {
    let before =
        "[[views]]\n# the first\nname = \"Một\"\nunread = true\n\n[ui]\nlanguage = \"en\"\n";
    let view = SavedView {
        name: "Hai".to_string(),
        source: Some("Báo B".to_string()),
        starred: true,
        ..SavedView::default()
    };
    let after = add_view(before, &view).unwrap();
    assert!(after.contains("# the first\n"), "{after}");
    let config = crate::config::load(Some(("c.toml", &after))).unwrap();
    let names: Vec<&str> = config.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Một", "Hai"]);
    assert_eq!(config.views[1], view);
}

#[test]
fn an_empty_file_gets_one_table() {
    let after = add_view("", &na_hang()).unwrap();
    assert_eq!(
        after,
        "[[views]]\nname = \"Na Hang 2020\"\nquery = \"na hang\"\ndate = \"2020\"\n"
    );
}

#[test]
fn a_name_in_use_is_refused_whatever_its_case_and_accents() {
    let before = "[[views]]\nname = \"Na Hàng 2020\"\n";
    assert_eq!(
        add_view(before, &na_hang()),
        Err(AddViewError::Exists("Na Hàng 2020".to_string()))
    );
    let inline = "views = [{ name = \"NA HANG 2020\" }]\n";
    assert!(matches!(
        add_view(inline, &na_hang()),
        Err(AddViewError::Exists(_))
    ));
}

#[test]
fn inline_lists_grow_inline_and_odd_files_are_refused() {
    let inline = "views = [{ name = \"A\" }] # inline\n";
    let after = add_view(inline, &na_hang()).unwrap();
    assert!(after.contains("# inline"), "{after}");
    let config = crate::config::load(Some(("c.toml", &after))).unwrap();
    assert_eq!(config.views.len(), 2);
    assert!(matches!(
        add_view("views = 3\n", &na_hang()),
        Err(AddViewError::Unreadable(_))
    ));
    assert!(matches!(
        add_view("[ui\n", &na_hang()),
        Err(AddViewError::Unreadable(_))
    ));
}

#[test]
fn names_are_checked() {
    assert!(check_view_name("Na Hang").is_ok());
    assert!(check_view_name("  ").is_err());
    assert!(check_view_name("a\u{1b}[2J").is_err());
    assert!(check_view_name(&"x".repeat(MAX_VIEW_NAME + 1)).is_err());
    assert!(same_view_name(" Chiêm Hóa ", "chiem hoa"));
    assert!(!same_view_name("Chiêm Hóa", "Chiêm"));
}

#[test]
fn the_example_of_the_defaults_loads_when_uncommented() {
    let text = crate::config::DEFAULT_TOML;
    let example: String = text
        .lines()
        .skip_while(|l| *l != "# [[views]]")
        .take_while(|l| l.starts_with("# "))
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    let config = crate::config::load(Some(("example", &example))).unwrap();
    assert_eq!(config.views, vec![na_hang()]);
    assert!(crate::config::load(None).unwrap().views.is_empty());
}
