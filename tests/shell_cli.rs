//! xemtin in the shell: completions, the manual page, `--version`, the
//! starting configuration, exit statuses and streams, and `--json` on
//! every listing command. The real binary, run as a script would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::CommandFactory;
use xemtin::cli::Cli;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run xemtin in the repository (its `data/`), with a home of its own.
fn xemtin(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_xemtin"))
        .args(args)
        .current_dir(repo())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_DATA_HOME", home.path().join("share"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("XEMTIN_CONFIG")
        .env_remove("NO_COLOR")
        .output()
        .expect("run xemtin")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The subcommands as clap defines them (what completions must offer).
fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn completions_name_every_subcommand_in_every_shell() {
    let names = subcommands();
    assert!(names.len() >= 15, "{names:?}");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = xemtin(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell} lacks {name}");
        }
        // fish writes an option without its dashes (-l json)
        for option in ["json", "date", "data", "config", "rebuild"] {
            assert!(script.contains(option), "{shell} lacks {option}");
        }
    }
}

#[test]
fn the_bash_completion_is_valid_bash_and_completes_subcommands() {
    let script = stdout(&xemtin(&["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("xemtin.bash");
    std::fs::write(&file, &script).unwrap();
    // what a user's shell does with it: source it, then press tab after "xemtin ca"
    let probe = format!(
        "source {}; COMP_WORDS=(xemtin ca); COMP_CWORD=1; COMP_LINE='xemtin ca'; \
         COMP_POINT=9; _xemtin xemtin ca xemtin; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let o = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let offered: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(offered, ["calendar"], "{}", stderr(&o));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let o = xemtin(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("tcsh"), "{}", stderr(&o));
}

/// `.SH` lines of the page, in order.
fn man_sections(page: &str) -> Vec<&str> {
    page.lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|s| s.trim_matches('"'))
        .collect()
}

#[test]
fn the_man_page_has_its_sections_every_command_and_every_option() {
    let o = xemtin(&["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.contains(".TH XEMTIN 1"), "{}", &page[..200]);
    insta::assert_snapshot!(man_sections(&page).join("\n"), @r"
    NAME
    SYNOPSIS
    DESCRIPTION
    OPTIONS
    COMMANDS
    EXIT STATUS
    QUERY LANGUAGE
    CONFIGURATION
    FILES
    ENVIRONMENT
    VERSION
    ");
    for name in subcommands() {
        assert!(page.contains(&format!(".SS {name}\n")), "no command {name}");
    }
    // every table and every key of the built-in config.toml, with its default
    let defaults: toml::Table = toml::from_str(xemtin::config::DEFAULT_TOML).unwrap();
    let mut tables = Vec::new();
    for (name, value) in &defaults {
        let toml::Value::Table(table) = value else {
            panic!("{name} is not a table")
        };
        if name == "keys" {
            for (context, bindings) in table {
                let toml::Value::Table(bindings) = bindings else {
                    panic!("keys.{context}")
                };
                tables.push((format!("keys.{context}"), bindings.clone()));
            }
        } else {
            tables.push((name.clone(), table.clone()));
        }
    }
    assert!(tables.len() >= 8, "{tables:?}");
    for (name, table) in &tables {
        let heading = format!(".SS [{name}]\n");
        let Some(start) = page.find(&heading) else {
            panic!("no section for [{name}]")
        };
        let section = &page[start + heading.len()..];
        let section = &section[..section.find(".SS ").unwrap_or(section.len())];
        for key in table.keys() {
            let bare = key.replace('-', "\\-");
            let quoted = format!("\"{bare}\"");
            let found = [format!("\\fB{bare} = "), format!("\\fB{quoted} = ")]
                .iter()
                .any(|k| section.contains(k));
            assert!(found, "[{name}] {key} is not in the man page");
        }
    }
    for option in ["ui", "reader", "list", "theme", "[feeds]"] {
        assert!(page.contains(&format!(".SS [{option}]")), "{option}");
    }
}

#[test]
fn the_man_page_renders_without_warnings() {
    let o = xemtin(&["man"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("xemtin.1");
    std::fs::write(&file, &o.stdout).unwrap();
    let Ok(render) = Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
    else {
        eprintln!("groff is not installed: the page's roff is not checked");
        return;
    };
    assert!(render.status.success(), "{}", stderr(&render));
    assert_eq!(stderr(&render), "", "groff warns");
}

#[test]
fn the_query_language_examples_of_the_man_page_parse_as_described() {
    use xemtin::commands::man::{DATE_EXAMPLES, SEARCH_EXAMPLES};
    use xemtin::search::{TermKind, parse};
    for example in SEARCH_EXAMPLES {
        let query = parse(example.typed, false);
        let first = query
            .terms
            .first()
            .unwrap_or_else(|| panic!("{}", example.typed));
        assert_eq!(first.field, example.field, "{}", example.typed);
        assert_eq!(first.negated, example.negated, "{}", example.typed);
        assert_eq!(
            matches!(first.kind, TermKind::Phrase(_)),
            example.phrase,
            "{}",
            example.typed
        );
    }
    let today = chrono::NaiveDate::from_ymd_opt(2021, 3, 15).unwrap();
    for (examples, _) in DATE_EXAMPLES {
        for typed in *examples {
            assert!(
                xemtin::dates::DateFilter::parse(typed, today).is_ok(),
                "{typed}"
            );
        }
    }
}

#[test]
fn version_names_the_package_and_the_commit() {
    let o = xemtin(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    let line = stdout(&o);
    let expected = format!("xemtin {}", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&expected), "{line}");
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(repo())
        .output();
    match head {
        Ok(h) if h.status.success() => {
            let commit = String::from_utf8_lossy(&h.stdout).trim().to_string();
            assert_eq!(line.trim(), format!("{expected} ({commit})"));
        }
        _ => assert_eq!(line.trim(), expected),
    }
}

#[test]
fn config_default_parses_back_to_the_defaults() {
    let o = xemtin(&["config", "--default"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 20);
    let defaults = xemtin::config::load(None).unwrap();
    let read_back = xemtin::config::load(Some(("config --default", &text)));
    assert_eq!(read_back, Ok(defaults));
    // and as a user's file, the way the README says to start one
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, &text).unwrap();
    let o = xemtin(&["--config", path(&file), "keys"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Exit status, and which stream got what: a failure prints nothing on
/// stdout and says why on stderr.
#[test]
fn exit_statuses_follow_the_help() {
    let o = xemtin(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Exit status: 0"), "{}", stdout(&o));

    let dir = tempfile::tempdir().unwrap();
    let bad_config = dir.path().join("bad.toml");
    std::fs::write(&bad_config, "[ui]\nlanguage = \"klingon\"\n").unwrap();
    let missing = dir.path().join("missing");
    let cases: [(&[&str], i32); 10] = [
        (&["no-such-command"], 2),
        (&["list", "--no-such-option"], 2),
        (&["show"], 2),
        (&["list", "--date", "31/02/2021"], 2),
        (&["--config", path(&bad_config), "keys"], 2),
        (&["--data", path(&missing), "list"], 2),
        (&["mark", "2026/10/01/x.txt"], 2),
        (&["fetch"], 2),
        (&["show", "no/such/article.txt"], 1),
        (&["mark", "no/such/article.txt", "--read"], 1),
    ];
    for (args, code) in cases {
        let o = xemtin(args);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?} printed {}", stdout(&o));
        assert!(!stderr(&o).trim().is_empty(), "{args:?} said nothing");
    }
}

#[test]
fn check_exits_1_on_skipped_files_and_says_so_in_json_too() {
    let o = xemtin(&["check", "--json", "--data", "tests/fixtures/messy"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let skipped = report["skipped"].as_array().unwrap();
    assert!(!skipped.is_empty());
    assert!(skipped[0]["path"].is_string() && skipped[0]["message"].is_string());
    assert!(report["articles"].as_u64().is_some());
    assert!(stderr(&o).contains("skipped"), "{}", stderr(&o));
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let o = xemtin(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&o)))
}

#[test]
fn every_listing_command_prints_json() {
    let rows = json_of(&["list", "--json"]);
    assert!(rows.as_array().unwrap().len() >= 30);
    let found = json_of(&["search", "tuyen quang", "--json"]);
    assert!(found.is_array());
    let days = json_of(&["calendar", "--month", "10/2026", "--json"]);
    assert!(days.is_object() || days.is_array(), "{days}");

    let keys = json_of(&["keys", "--json"]);
    let keys = keys.as_array().unwrap();
    let quit = keys
        .iter()
        .find(|k| k["keys"] == "C-c")
        .unwrap_or_else(|| panic!("{keys:?}"));
    assert_eq!(quit["context"], "global");
    assert_eq!(quit["actions"], serde_json::json!(["quit"]));
    assert!(
        keys.iter()
            .any(|k| k["context"] == "list" && k["keys"] == "j" && k["actions"][0] == "down")
    );

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[[feeds]]\nurl = \"https://example.com/rss\"\nname = \"vi-du\"\ntags = [\"tin\"]\n",
    )
    .unwrap();
    let feeds = json_of(&["--config", path(&config), "feeds", "--json"]);
    assert_eq!(
        feeds,
        serde_json::json!([{"name": "vi-du", "url": "https://example.com/rss", "tags": ["tin"]}])
    );
    assert_eq!(json_of(&["feeds", "--json"]), serde_json::json!([]));

    let report = json_of(&["check", "--json"]);
    assert!(report["config_errors"].as_array().unwrap().is_empty());
}

#[test]
fn feeds_lists_one_line_each_and_says_when_there_are_none() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[[feeds]]\nurl = \"https://example.com/rss\"\nname = \"vi-du\"\n",
    )
    .unwrap();
    let o = xemtin(&["--config", path(&config), "feeds"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "vi-du  https://example.com/rss\n");
    let o = xemtin(&["feeds"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("no feeds"), "{}", stderr(&o));
}

#[test]
fn config_path_without_a_file_prints_no_data() {
    let o = xemtin(&["config", "--path"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("built-in defaults"), "{}", stderr(&o));
}

#[test]
fn json_output_escapes_every_control_character() {
    let json = |value: &serde_json::Value| {
        let mut out = Vec::new();
        xemtin::commands::print_json(value, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let text = "a\u{1b}[31m\u{9b}31m\u{7f}z";
    let escaped = json(&serde_json::json!({ "t": text }));
    assert!(
        !escaped
            .trim_end()
            .chars()
            .any(|c| c.is_control() && c != '\n'),
        "{escaped:?} still has a control character"
    );
    let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
    assert_eq!(back["t"], text);
    // each alone, beside the characters whose bytes look like theirs, and
    // in keys and lists as well as values
    for text in [
        "\u{85}",
        "\u{7f}",
        "é\u{9f}",
        "\u{80}Ā",
        "¢\u{a0}",
        "\u{9f}\u{7f}\u{80}",
    ] {
        let value = serde_json::json!({ text: [text, { "t": text }] });
        let escaped = json(&value);
        assert!(
            !escaped.chars().any(|c| c.is_control() && c != '\n'),
            "{escaped:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }
}
