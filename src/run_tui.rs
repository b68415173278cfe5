//! Starting the TUI: open the store, show what it holds at once, index the
//! data folder in the background, restore the last position, and save it
//! on the way out.

use std::sync::mpsc;

use crate::app::{self, App, Notice};
use crate::cli::Cli;
use crate::commands::Failure;
use crate::config::Config;
use crate::effects::Effects;
use crate::jobs::Jobs;
use crate::keyhelp;
use crate::launch::{self, data_dir, open_store, store_paths, today};
use crate::session::Position;
use crate::tui;
use crate::ui::Chrome;

pub fn run(cli: &Cli, config: &Config) -> Result<(), Failure> {
    let lang = launch::language(config);
    let data = data_dir(cli)?;
    let paths = store_paths(cli, &data)?;
    let mut store = open_store(&paths, &data)?;
    let skipped = store.problems().map(|(s, _)| s.len()).unwrap_or(0);
    let mut help = keyhelp::help_entries(&config.keys, lang);
    if config.ui.terminal.mouse {
        help.extend(keyhelp::mouse_entries(lang));
    }
    let options = app::Options {
        layout: launch::reader_layout(config),
        language: lang,
        today: today(),
        help,
        skipped,
    };
    let mut app = App::new(options, 80, 24, &mut store);
    app.set_calendar_place(config.ui.calendar, &mut store);
    app.set_split(config.ui.split, &mut store);
    app.set_views(config.views.clone());
    Position::load(&mut store, today()).restore(&mut app, &mut store);
    if let Some(reason) = store.read_only_reason() {
        app.on_notice(Notice::Problem(reason.to_string()), &mut store);
    }

    // the first frame never waits for indexing: it runs on its own thread
    let (tx, rx) = mpsc::channel();
    let jobs = Jobs::new(
        tx,
        data.clone(),
        paths.clone(),
        config.feeds.clone(),
        skipped,
    )
    .with_refresh(config.fetch);
    jobs.start_sync();
    jobs.start_refresh();
    let mut effects = Effects {
        jobs,
        osc52: config.ui.osc52,
        browser: std::env::var("BROWSER").ok(),
        terminal: config.ui.terminal,
        config_file: launch::config_path(cli).or_else(|| launch::user_config_file().ok()),
    };

    let theme = if launch::use_color(cli, config) {
        config.theme.clone()
    } else {
        config.theme.without_colors()
    };
    let chrome = Chrome {
        theme,
        ascii_borders: config.ui.ascii_borders,
        hints: keyhelp::hints(&config.keys, lang),
        pending: None,
        columns: config.list.columns.clone(),
        date_format: config.list.date_format.clone(),
    };
    let finished = tui::run(
        app,
        &mut store,
        &config.keys,
        chrome,
        config.ui.key_timeout,
        Some(rx),
        &mut effects,
    )
    .map_err(|e| Failure::new(format!("terminal error: {e}"), 1))?;
    if let Err(e) = Position::of(&finished.app).save(&mut store) {
        eprintln!("xemtin: the last position was not saved: {e}");
    }
    if let Some(e) = finished.error {
        return Err(Failure::new(format!("terminal error: {e}"), 1));
    }
    match finished.signal {
        // the shell's convention for a process ended by a signal
        Some(sig) => Err(Failure::new(
            format!("stopped by signal {sig}; the terminal was restored"),
            u8::try_from(128 + sig).unwrap_or(1),
        )),
        None => Ok(()),
    }
}
