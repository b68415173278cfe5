//! The xemtin binary: parse the command line and run the TUI or a
//! subcommand. The only place that exits.

#![deny(unsafe_code)]
#![deny(clippy::unwrap_used)]

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use xemtin::cli::{Cli, Command};
use xemtin::commands::{self, Failure, mark::Marks};
use xemtin::launch::{self, config_or_fail, config_path, data_dir, synced_store, today};
use xemtin::{config, ingest, run_tui};

fn main() -> ExitCode {
    xemtin::memory::few_allocator_pools();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.is_quiet() {
                let _ = writeln!(io::stderr(), "xemtin: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let path = config_path(&cli);
    let mut out = io::stdout().lock();
    let Some(command) = &cli.command else {
        drop(out);
        let config = config_or_fail(path.as_deref())?;
        return run_tui::run(&cli, &config);
    };
    match command {
        Command::Config {
            default,
            path: want_path,
        } => {
            if *want_path {
                match &path {
                    Some(p) => writeln!(out, "{}", p.display())?,
                    // not data: a script reading the path gets nothing
                    None => commands::to_stderr(format_args!(
                        "xemtin: no configuration file: the built-in defaults are in effect\n"
                    )),
                }
            }
            if *default || !*want_path {
                write!(out, "{}", config::DEFAULT_TOML)?;
            }
            Ok(())
        }
        Command::Check { json } => {
            let config_errors = launch::load_config(path.as_deref())
                .err()
                .unwrap_or_default();
            let scan = ingest::scan(&data_dir(&cli)?);
            commands::check::run(&scan, &config_errors, *json, &mut out)
        }
        Command::Keys { json } => {
            let config = config_or_fail(path.as_deref())?;
            let lang = launch::language(&config);
            commands::keys::run(&config.keys, lang, *json, &mut out)
        }
        Command::Feeds { json } => {
            let config = config_or_fail(path.as_deref())?;
            commands::feeds::list(&config, *json, &mut out)
        }
        Command::Completions { shell } => {
            commands::completions::run(*shell, Cli::command(), &mut out)
        }
        Command::Man => commands::man::run(Cli::command(), &mut out),
        Command::Fetch => {
            let config = config_or_fail(path.as_deref())?;
            let data = data_dir(&cli)?;
            let fetched = commands::feeds::fetch(&config, &data, &mut out);
            if fetched.as_ref().is_err_and(|f| f.code == 2) {
                // nothing could be fetched (no feeds, no HTTP): nothing to index
                return fetched;
            }
            // index what arrived, whatever failed
            let paths = launch::store_paths(&cli, &data)?;
            commands::index::run(&paths, &data, false, &mut out)?;
            fetched
        }
        Command::ImportOpml { file } => {
            let target = match &path {
                Some(p) => p.clone(),
                None => launch::user_config_file()?,
            };
            commands::feeds::import_opml(file, &target, &mut out)
        }
        Command::ExportOpml => {
            let config = config_or_fail(path.as_deref())?;
            commands::feeds::export_opml(&config, &mut out)
        }
        Command::Index { rebuild } => {
            let data = data_dir(&cli)?;
            let paths = launch::store_paths(&cli, &data)?;
            commands::index::run(&paths, &data, *rebuild, &mut out)
        }
        Command::List {
            date,
            json,
            unread,
            starred,
            source,
        } => {
            let filter = commands::list::filter(
                date.as_deref(),
                source.as_deref(),
                *unread,
                *starred,
                today(),
            )?;
            list_checked(&cli, &filter, *json, &mut out)
        }
        Command::Search {
            query,
            date,
            newest,
            json,
        } => {
            let mut filter = commands::list::filter(date.as_deref(), None, false, false, today())?;
            filter.text = Some(query.clone());
            filter.by_relevance = !*newest;
            list_checked(&cli, &filter, *json, &mut out)
        }
        Command::Calendar {
            month,
            year,
            date,
            source,
            unread,
            starred,
            json,
        } => {
            let config = config_or_fail(path.as_deref())?;
            let filter = commands::list::filter(
                date.as_deref(),
                source.as_deref(),
                *unread,
                *starred,
                today(),
            )?;
            let request = commands::calendar::Request {
                month: month.clone(),
                year: year.clone(),
                filter,
                json: *json,
            };
            let mut store = launch::checked_store(&cli, &[])?;
            let lang = launch::language(&config);
            commands::calendar::run(&mut store, &request, lang, today(), &mut out)
        }
        Command::Show { id, width } => {
            let config = config_or_fail(path.as_deref())?;
            let (layout, lang) = (launch::reader_layout(&config), launch::language(&config));
            let mut store = launch::checked_store(&cli, &[id.trim_start_matches("./")])?;
            commands::show::run(&mut store, id, *width, layout, lang, &mut out)
        }
        Command::Mark {
            id,
            all_read,
            date,
            source,
            query,
            read,
            unread,
            star,
            unstar,
        } => {
            if *all_read {
                let mut filter = commands::list::filter(
                    date.as_deref(),
                    source.as_deref(),
                    false,
                    false,
                    today(),
                )?;
                filter.text = query.clone();
                let mut store = synced_store(&cli)?;
                store.search_exactly();
                return commands::mark::all_read(&mut store, &filter, &mut out);
            }
            if date.is_some() || source.is_some() || query.is_some() {
                return Err(Failure::new(
                    "--date, --source and --query choose what --all-read marks: add --all-read",
                    2,
                ));
            }
            let id = id.as_deref().unwrap_or_default();
            let marks = Marks {
                read: flag(*read, *unread),
                starred: flag(*star, *unstar),
            };
            let mut store = launch::checked_store(&cli, &[id])?;
            commands::mark::run(&mut store, id, &marks, &mut out)
        }
    }
}

/// `list` and `search`: the rows from the index as it is when no folder
/// changed, checked against their files (an article rewritten in place)
/// and chosen again after a sync if one changed. A script always gets the
/// exact search, never the provisional one a keystroke may get.
fn list_checked(
    cli: &Cli,
    filter: &xemtin::catalog::Filter,
    json: bool,
    out: &mut dyn std::io::Write,
) -> Result<(), Failure> {
    let mut store = launch::checked_store(cli, &[])?;
    store.search_exactly();
    let (mut rows, unchanged) = store
        .select_checked(filter)
        .map_err(|e| Failure::new(e.0, 1))?;
    if !unchanged {
        store = synced_store(cli)?;
        store.search_exactly();
        rows = commands::list::select(&mut store, filter)?;
    }
    commands::list::print(&rows, json, out)
}

/// `--x` / `--no-x` style pairs: Some(true), Some(false), or None for neither.
fn flag(set: bool, clear: bool) -> Option<bool> {
    match (set, clear) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}
