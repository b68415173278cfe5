//! Target `formats`: `ingest::formats::parse_file`, which decodes
//! (`ingest::encoding::decode`), detects the format and runs the feed,
//! header-text, Markdown, reStructuredText or page parser.

use proptest::prelude::*;
use xemtin::ingest::formats::{ParseOptions, parse_file};

use crate::harness::{Input, fuzz};
use crate::mutate::{line_salad, mutated, seeds, tokens};
use crate::page::{check_article, check_note};

pub const TARGET: &str = "formats";

pub fn check(name: &str, bytes: &[u8]) -> Result<(), String> {
    // A display offset other than UTC, so conversions run too.
    let opts = ParseOptions {
        zone: xemtin::zone::Zone::Fixed(chrono::FixedOffset::east_opt(7 * 3600).ok_or("offset")?),
    };
    match parse_file(name, bytes, &opts) {
        Ok(out) => {
            for a in &out.articles {
                check_article(a, name)?;
            }
            let mut ids: Vec<&str> = out.articles.iter().map(|a| a.id.as_str()).collect();
            ids.sort_unstable();
            if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
                return Err(format!("two articles with id {:?}", w[0]));
            }
            for n in &out.notes {
                check_note(n, bytes)?;
            }
        }
        Err(n) => check_note(&n, bytes)?,
    }
    Ok(())
}

const EXTENSIONS: [&str; 9] = [
    "txt", "md", "xml", "rss", "atom", "json", "TXT", "markdown", "rst",
];

const FORMAT_TOKENS: &[&[u8]] = &[
    b"<?xml version=\"1.0\" encoding=\"windows-1258\"?>",
    b"<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    b"<!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
    b"&b;",
    b"&amp;amp;lt;",
    b"&#xD800;",
    b"&#1114112;",
    b"&#0;",
    b"&nbsp;",
    b"<![CDATA[",
    b"]]>",
    b"<item>",
    b"</item>",
    b"<entry>",
    b"<title>",
    b"</title>",
    b"<description>&lt;p&gt;x&lt;/p&gt;</description>",
    b"<pubDate>Thu, 31 Dec 2020 20:00:00 +0700</pubDate>",
    b"<pubDate>Mon, 99 Feb 99999 99:99:99 +9999</pubDate>",
    b"<updated>2020-13-45T25:61:61Z</updated>",
    b"<guid>",
    b"<link href=\"javascript:alert(1)\"/>",
    b"<p><b><i><u><s>",
    b"<script>alert(1)</script>",
    b"<table><tr><td>",
    b"<!--",
    b"-->",
    b"{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[",
    b"{\"id\":1,\"content_html\":\"<p>x\"}",
    b"[[[[[[[[[[[[[[[[",
    b"{\"a\":{\"a\":{\"a\":{\"a\":",
    b"\\ud800",
    b"\"date_published\":\"2020-12-31T19:20:00+07:00\"",
    b"+++\n",
    b"---\n",
    b"title = \"x\"\n",
    b"date = 2020-12-31T19:20:00+07:00\n",
    b"date: 31/12/2020\n",
    b"# date = 2020-12-31\n",
    b"# title = ",
    b"Title: ",
    b"Date: ",
    b"Source: ",
    b"tags = [[[[",
    b"# Heading\n",
    b"######## ",
    b"[link](http://x/",
    b"![img](",
    b"```\n",
    b"> > > > ",
    b"* * * ",
    b"| a | b |\n|---|---|\n",
    b"Title\n#####\n",
    b":date: 2020-12-31 19:20\n",
    b".. code-block:: python\n\n   ",
    b".. _name: https://e.vn/\n",
    b"`text <https://e.vn/>`_",
    b"``",
    b"::\n\n    ",
    b".. image:: x.png\n   :alt: ",
    b"+----+----+\n| a  | b  |\n+====+====+\n",
    b"=====  =====\n",
    b"#. ",
];

fn format_seeds() -> std::sync::Arc<Vec<crate::mutate::Seed>> {
    seeds(
        &[
            "tests/fixtures/formats",
            "tests/fixtures/messy",
            "tests/fixtures/realworld/rst",
            "data",
        ],
        |n| !n.ends_with(".py") && n != "README.md",
    )
}

/// Nested XML in a feed's vocabulary, with entities and CDATA.
fn xml_node() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[a-zA-Z0-9 ,.đĐàá]{0,30}",
        Just("&amp;&lt;&gt;&quot;&#39;&#x1F600;".to_string()),
        Just("&unknown;".to_string()),
        Just("<![CDATA[<p>Một <b>đoạn</b></p>]]>".to_string()),
        Just("Thu, 31 Dec 2020 20:00:00 +0700".to_string()),
        Just("2020-12-31T19:20:00Z".to_string()),
        "&#[0-9]{1,9};",
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        (
            prop::sample::select(vec![
                "item",
                "entry",
                "title",
                "description",
                "content:encoded",
                "summary",
                "content",
                "pubDate",
                "published",
                "updated",
                "guid",
                "id",
                "link",
                "author",
                "name",
                "channel",
                "p",
            ]),
            prop::option::of(" type=\"html\"| href=\"[a-z:/.]{0,20}\"| rel=\"alternate\""),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(tag, attr, kids)| {
                format!(
                    "<{tag}{}>{}</{tag}>",
                    attr.unwrap_or_default(),
                    kids.concat()
                )
            })
    })
}

fn xml_feed() -> impl Strategy<Value = Input> {
    (
        prop::sample::select(vec![
            "<rss version=\"2.0\"><channel>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">",
        ]),
        prop::collection::vec(xml_node(), 0..8),
        any::<bool>(),
    )
        .prop_map(|(open, body, closed)| {
            let close = if open.starts_with("<rss") {
                "</channel></rss>"
            } else if open.starts_with("<feed") {
                "</feed>"
            } else {
                "</rdf:RDF>"
            };
            let mut s = format!("<?xml version=\"1.0\"?>\n{open}{}", body.concat());
            if closed {
                s.push_str(close);
            }
            Input::text("g.xml", &s)
        })
}

/// JSON values, nested, with the JSON Feed's keys.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| format!("{n:e}")),
        "\"([a-zA-Z0-9 <>/]|\\\\u[0-9a-fA-F]{4}|\\\\[nrt\"])*\"",
        Just("\"2020-12-31T19:20:00+07:00\"".to_string()),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "title",
                        "content_html",
                        "content_text",
                        "summary",
                        "url",
                        "date_published",
                        "date_modified",
                        "authors",
                        "name",
                        "items",
                        "version",
                    ]),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

fn json_feed() -> impl Strategy<Value = Input> {
    prop::collection::vec(json_value(), 0..6).prop_map(|items| {
        let s = format!(
            "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"T\",\"items\":[{}]}}",
            items.join(",")
        );
        Input::text("g.json", &s)
    })
}

/// Header text and Markdown with front matter: keys, values and a body.
fn header_text() -> impl Strategy<Value = Input> {
    let line = prop_oneof![
        "# (title|date|source|author|link|tags|x) ?= ?.{0,40}",
        "(Title|Date|Source|Author|Link|Tags): .{0,40}",
        "(title|date|source) = \"[^\"\\\\]{0,30}\"",
        "date = [0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?)?",
        Just("+++".to_string()),
        Just("---".to_string()),
        "#{1,10} .{0,30}",
        ".{0,60}",
        Just(String::new()),
    ];
    (
        prop::collection::vec(line, 0..30),
        prop::sample::select(vec!["h.txt", "h.md", "h.markdown"]),
    )
        .prop_map(|(lines, name)| Input::text(name, &lines.join("\n")))
}

/// reStructuredText: titles, docinfo fields, lists, directives, literal
/// blocks, tables and inline markup, nested by indentation.
fn rst_text() -> impl Strategy<Value = Input> {
    let line = prop_oneof![
        "[#=~-]{1,30}",
        ":(date|title|tags|slug|modified|x): .{0,30}",
        "( {0,8})(\\*|-|\\+|#\\.|[0-9]{1,3}\\.|\\(a\\)|\\|) .{0,30}",
        "( {0,8})\\.\\. (code-block|image|figure|raw|note|include|_x|\\|s\\|)(::)? ?.{0,20}",
        "( {0,8}):(alt|linenos|width): .{0,10}",
        "( {0,8})([a-zđ ]|\\*|`|_|\\||:|<|>|\\[|\\]|\\\\|https://e\\.vn/){0,30}(::)?",
        "\\+(-{1,5}\\+){1,4}|={1,5}( ={1,5}){1,3}",
        Just(String::new()),
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| Input::text("r.rst", &lines.join("\n")))
}

#[test]
fn arbitrary_bytes() {
    let s = (
        prop::sample::select(EXTENSIONS.to_vec()),
        prop::collection::vec(any::<u8>(), 0..4096),
    )
        .prop_map(|(ext, b)| Input::new(format!("b.{ext}"), b));
    fuzz(TARGET, "bytes", 200, s, check);
}

#[test]
fn arbitrary_text() {
    let s = (prop::sample::select(EXTENSIONS.to_vec()), any::<String>())
        .prop_map(|(ext, t)| Input::text(&format!("t.{ext}"), &t));
    fuzz(TARGET, "text", 200, s, check);
}

#[test]
fn xml_grammar() {
    fuzz(TARGET, "xml", 100, xml_feed(), check);
}

#[test]
fn json_grammar() {
    fuzz(TARGET, "json", 100, json_feed(), check);
}

#[test]
fn header_grammar() {
    fuzz(TARGET, "header", 120, header_text(), check);
}

#[test]
fn rst_grammar() {
    fuzz(TARGET, "rst", 120, rst_text(), check);
}

#[test]
fn mutated_seeds() {
    let s = mutated(
        format_seeds(),
        tokens(FORMAT_TOKENS),
        crate::mutate::FILE_MAX,
    );
    fuzz(TARGET, "mutated", 120, s, check);
}

#[test]
fn mutated_seeds_under_other_names() {
    // The same content under every extension: detection by content first.
    let s = (
        mutated(
            format_seeds(),
            tokens(FORMAT_TOKENS),
            crate::mutate::FILE_MAX,
        ),
        prop::sample::select(EXTENSIONS.to_vec()),
    )
        .prop_map(|(i, ext)| Input::new(format!("renamed.{ext}"), i.bytes));
    fuzz(TARGET, "renamed", 100, s, check);
}

#[test]
fn line_salad_of_seeds() {
    fuzz(
        TARGET,
        "salad",
        100,
        line_salad(format_seeds(), "s.md"),
        check,
    );
}
