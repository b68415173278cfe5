//! `xemtin import-opml` reads an export in the encoding its XML declaration
//! names (ISO-8859-1 here), the way article files are read.

use std::process::Command;

#[test]
fn an_iso_8859_1_export_is_imported_with_its_letters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let opml = dir.path().join("export.opml");
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<opml version=\"2.0\"><body>\n<outline text=\"Actualit".to_vec();
    bytes.push(0xE9); // é in ISO-8859-1, not valid UTF-8 on its own
    bytes.extend_from_slice(b"s\" xmlUrl=\"https://news.example/feed.xml\"/>\n</body></opml>\n");
    std::fs::write(&opml, &bytes).expect("write opml");
    let config = dir.path().join("config.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_xemtin"))
        .arg("--config")
        .arg(&config)
        .arg("import-opml")
        .arg(&opml)
        .env("HOME", dir.path())
        .env_remove("XEMTIN_CONFIG")
        .output()
        .expect("run xemtin");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&config).expect("config written");
    assert!(
        written.contains("https://news.example/feed.xml"),
        "{written}"
    );
    // the name is made from the title: é read as é folds to e
    assert!(written.contains("name = \"actualites\""), "{written}");
}
