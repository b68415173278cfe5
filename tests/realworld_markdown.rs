//! Markdown bodies and feed HTML as real blogs and feeds write them (issue
//! 12, classes 4, 7 and 10), through the real binary: `list --json` and
//! `show`. The fixtures in `tests/fixtures/realworld/markdown/` are written
//! for these tests after what was seen in Jekyll blogs' sources and feed
//! libraries' test suites: inline and block HTML in Markdown, comments,
//! character references, fenced and indented code, a link followed by
//! `'s`, `&#146;` and the raw C1 character, `<pre>` and HTML5 blocks in
//! a feed.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld/markdown")
}

/// `xemtin ARGS` on a copy of the fixtures, with its own home and index.
fn xemtin(data: &Path, args: &[&str]) -> Output {
    support::run_command(data.parent().unwrap(), data, args)
}

fn data_folder() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
    }
    home
}

fn show(home: &tempfile::TempDir, id: &str, width: &str) -> Vec<String> {
    let o = xemtin(&home.path().join("data"), &["show", id, "--width", width]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// No markup or character reference left in the text (code lines aside,
/// which may show them on purpose).
fn assert_no_markup(lines: &[String]) {
    for l in lines {
        for bad in [
            "<a ", "</a>", "<div", "<!--", "<em>", "&amp;", "&#", "<img", "<section", "|---",
        ] {
            assert!(!l.contains(bad), "{bad:?} left in {l:?}");
        }
        assert!(!l.chars().any(char::is_control), "{l:?}");
    }
}

#[test]
fn a_jekyll_post_reads_like_its_page() {
    let home = data_folder();
    let o = xemtin(&home.path().join("data"), &["list", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let post = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "jekyll_post.markdown")
        .expect("the post is listed");
    assert_eq!(post["title"], "Notes on small parsers");

    let lines = show(&home, "jekyll_post.markdown", "60");
    let text = lines.join("\n");
    // the fenced block: every line as written, indentation and the blank
    // line kept, never joined to the next; the long line cut at the width
    let code = [
        "def parse(lines):",
        "    for n, line in enumerate(lines):",
        "",
        "        if line.startswith(\"#\"):   # a comment",
        "            continue",
    ];
    let at = lines
        .iter()
        .position(|l| l == code[0])
        .unwrap_or_else(|| panic!("no code block in:\n{text}"));
    assert_eq!(&lines[at..at + code.len()], code);
    let long = &lines[at + code.len()];
    assert!(long.starts_with("        yield n, line.rstrip()  # a line"));
    assert_eq!(long.chars().count(), 60, "cut at the width: {long:?}");
    // the indented block, its tab at a stop of 8
    assert!(
        text.contains("\n$ xemtin show post.md\n        (a tab)\n"),
        "{text}"
    );
    // HTML, comments and references resolved; C1 as Windows-1252
    assert_no_markup(&lines);
    assert!(text.contains("Rob’s\nrule’s first line"), "{text}");
    assert!(text.contains("Escapes such as `&` and <b> stay readable."));
    assert!(text.contains("\nA parse tree, drawn by hand.\n"));
    assert!(!text.contains("draft: check"));
    assert!(text.contains("\n> A quote with markup.\n"));
    // links: the href, whatever follows; numbered for `o`
    assert!(
        text.contains("See Name (http://\nexample.com/p7[1])'s work"),
        "{text}"
    );
    assert!(text.contains("Parser_(computing)[2])."), "{text}");
    assert!(text.contains("https://example.com/list[3])."), "{text}");
}

#[test]
fn an_untitled_item_starting_with_code_gets_a_one_line_title() {
    let home = data_folder();
    let o = xemtin(&home.path().join("data"), &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let item = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "code_weekly.xml#http://example.com/untitled")
        .expect("the untitled item is listed");
    assert_eq!(item["title"], "$ make cc -o loop loop.c");
    let lines = show(&home, "code_weekly.xml#http://example.com/untitled", "70");
    let text = lines.join("\n");
    assert!(
        text.contains("\n$ make\n    cc -o loop loop.c\n\nNo title, code first."),
        "{text}"
    );
}

#[test]
fn feed_html_keeps_pre_blocks_apart_and_links_whole() {
    let home = data_folder();
    let lines = show(&home, "code_weekly.xml#http://example.com/loops", "70");
    let text = lines.join("\n");
    assert_no_markup(&lines);
    for want in [
        "\nThis week is exciting.\n\nNusaybah wrote the guide (http://example.com/p7[1])'s code:\n",
        "\nfor i in range(3):\n    print(i)  # <- indented\n",
        "\n[image: Output]\n\nIt prints three lines.\n",
        "\nThat’s all; don’t miss it.",
    ] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
}
