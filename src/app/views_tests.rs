//! Saved views against the in-memory catalog: the pane's lines and counts,
//! choosing a view, saving the list's filters under a name.

use super::{PaneEntry, PaneItem, ViewSave, view_filter};
use crate::action::Action;
use crate::app::{App, Effect, Notice};
use crate::catalog::{Catalog, Counts, Memory};
use crate::config::views::SavedView;
use crate::context::Context;
use crate::dates::DateFilter;
use crate::i18n::{Language, Message, Word};

/// 12 articles a0 (1 December 2020) to a11 (20 November), even ones from
/// "Even", odd ones from "Odd", and two saved views.
fn fixture() -> (App, Memory) {
    let (mut app, c) = crate::app::daily_fixture::two_sources(12, Language::En);
    app.set_views(vec![
        SavedView {
            name: "Even in November".into(),
            source: Some("Even".into()),
            date: Some("11/2020".into()),
            ..SavedView::default()
        },
        SavedView {
            name: "Title 3".into(),
            query: Some("title 3".into()),
            ..SavedView::default()
        },
    ]);
    (app, c)
}

fn type_text(app: &mut App, c: &mut Memory, text: &str) {
    for ch in text.chars() {
        app.type_char(ch, c);
    }
}

/// The pane's lines as (name, unread, total); "all sources" as "*".
fn pane(app: &App) -> Vec<(String, usize, usize)> {
    let Some(p) = app.prompt() else {
        return Vec::new();
    };
    p.pane_matches()
        .into_iter()
        .map(|e: &PaneEntry| {
            let name = e.name().unwrap_or("*").to_string();
            (name, e.counts.unread, e.counts.total)
        })
        .collect()
}

fn line(name: &str, unread: usize, total: usize) -> (String, usize, usize) {
    (name.to_string(), unread, total)
}

fn listed(app: &App) -> Vec<String> {
    let list = app.list();
    (0..list.total)
        .filter_map(|i| list.row(i).map(|s| s.id.clone()))
        .collect()
}

#[test]
fn the_pane_lists_sources_then_views_with_unread_and_total_counts() {
    let (mut app, mut c) = fixture();
    c.set_read("a2", true).unwrap();
    c.set_read("a3", true).unwrap();
    c.set_read("a4", true).unwrap();
    app.apply(Action::SourcePrompt, &mut c);
    assert_eq!(app.mode(), Context::Prompt);
    assert_eq!(
        pane(&app),
        [
            line("*", 9, 12),
            line("Even", 4, 6),
            line("Odd", 5, 6),
            // a2, a4, a6, a8, a10 are in November; a2 and a4 are read
            line("Even in November", 3, 5),
            line("Title 3", 0, 1),
        ]
    );
    // the sources follow the list's other filters; the views keep their own
    app.apply(Action::Cancel, &mut c);
    app.apply(Action::UnreadOnly, &mut c);
    app.apply(Action::SourcePrompt, &mut c);
    assert_eq!(
        pane(&app),
        [
            line("*", 9, 9),
            line("Odd", 5, 5),
            line("Even", 4, 4),
            line("Even in November", 3, 5),
            line("Title 3", 0, 1),
        ]
    );
}

#[test]
fn choosing_a_view_shows_exactly_its_filters() {
    let (mut app, mut c) = fixture();
    // filters of the list before: unread only, a search
    app.apply(Action::UnreadOnly, &mut c);
    app.apply(Action::Search, &mut c);
    type_text(&mut app, &mut c, "text");
    app.apply(Action::Submit, &mut c);
    app.apply(Action::SourcePrompt, &mut c);
    for _ in 0..3 {
        app.apply(Action::Down, &mut c);
    }
    let chosen = app.prompt().and_then(|p| p.chosen_entry()).cloned();
    assert!(
        chosen.as_ref().is_some_and(PaneEntry::is_view),
        "{chosen:?}"
    );
    app.apply(Action::Submit, &mut c);
    assert_eq!(app.mode(), Context::List);
    let view = &app.views()[0];
    assert_eq!(*app.filter(), view_filter(view, app.options().today));
    assert_eq!(
        app.filter().dates,
        Some(DateFilter::Month {
            year: 2020,
            month: 11
        })
    );
    assert!(!app.filter().unread_only && app.filter().text.is_none());
    assert_eq!(listed(&app), ["a2", "a4", "a6", "a8", "a10"]);
    let shown = Message::ViewShown {
        name: "Even in November",
    };
    assert_eq!(
        app.status().map(|s| s.text.clone()),
        Some(shown.text(Language::En))
    );
    // a view found by typing part of its name, case and accents aside
    app.apply(Action::SourcePrompt, &mut c);
    type_text(&mut app, &mut c, "TÍTLE");
    assert_eq!(pane(&app), [line("Title 3", 1, 1)]);
    app.apply(Action::Submit, &mut c);
    assert_eq!(listed(&app), ["a3"]);
    assert_eq!(app.filter().text.as_deref(), Some("title 3"));
    // sources are those of the list: only Odd has "title 3"
    app.apply(Action::SourcePrompt, &mut c);
    type_text(&mut app, &mut c, "even");
    assert_eq!(pane(&app), [line("Even in November", 5, 5)]);
    app.apply(Action::Cancel, &mut c);
    app.apply(Action::SourcePrompt, &mut c);
    type_text(&mut app, &mut c, "odd");
    app.apply(Action::Submit, &mut c);
    assert_eq!(app.filter().source.as_deref(), Some("Odd"));
    assert_eq!(listed(&app), ["a3"]);
    // the first line, all sources, drops the source and keeps the rest
    app.apply(Action::SourcePrompt, &mut c);
    app.apply(Action::Submit, &mut c);
    assert_eq!(app.filter().source, None);
    assert_eq!(app.filter().text.as_deref(), Some("title 3"));
}

#[test]
fn a_pane_with_nothing_matching_stays_open_and_esc_changes_nothing() {
    let (mut app, mut c) = fixture();
    let before = app.filter().clone();
    app.apply(Action::SourcePrompt, &mut c);
    type_text(&mut app, &mut c, "zzz");
    assert!(pane(&app).is_empty());
    app.apply(Action::Submit, &mut c);
    assert_eq!(app.mode(), Context::Prompt);
    app.apply(Action::Cancel, &mut c);
    assert_eq!(app.mode(), Context::List);
    assert_eq!(*app.filter(), before);
}

#[test]
fn saving_asks_a_name_then_asks_for_the_view_to_be_written() {
    let (mut app, mut c) = fixture();
    app.apply(Action::SourcePrompt, &mut c);
    type_text(&mut app, &mut c, "odd");
    app.apply(Action::Submit, &mut c);
    app.apply(Action::DatePrompt, &mut c);
    type_text(&mut app, &mut c, "11/2020");
    app.apply(Action::Submit, &mut c);
    app.apply(Action::UnreadOnly, &mut c);
    app.apply(Action::Search, &mut c);
    type_text(&mut app, &mut c, "text");
    app.apply(Action::Submit, &mut c);
    app.take_effects();

    app.apply(Action::SaveView, &mut c);
    assert_eq!(app.mode(), Context::Prompt);
    assert_eq!(app.filters_in_words(), "/text · 11/2020 · Odd · unread");
    type_text(&mut app, &mut c, "  Odd, unread  ");
    app.apply(Action::Submit, &mut c);
    assert_eq!(app.mode(), Context::List);
    let wanted = SavedView {
        name: "Odd, unread".into(),
        query: Some("text".into()),
        date: Some("11/2020".into()),
        source: Some("Odd".into()),
        unread: true,
        starred: false,
    };
    assert_eq!(app.take_effects(), [Effect::SaveView(wanted.clone())]);
    assert_eq!(app.views().len(), 2, "not listed before it is written");

    // written: it is in the pane at once, with its counts
    let saved = ViewSave::Saved {
        view: wanted.clone(),
        file: "/home/u/.config/xemtin/config.toml".into(),
    };
    app.on_notice(Notice::ViewSave(saved), &mut c);
    let said = Message::ViewSaved {
        name: "Odd, unread",
        file: "/home/u/.config/xemtin/config.toml",
    };
    assert_eq!(
        app.status().map(|s| (s.text.clone(), s.is_error)),
        Some((said.text(Language::En), false))
    );
    app.apply(Action::SourcePrompt, &mut c);
    assert_eq!(pane(&app).last(), Some(&line("Odd, unread", 6, 6)));
    let last = app
        .prompt()
        .and_then(|p| p.pane_matches().last().copied().cloned());
    assert_eq!(last.map(|e| e.item), Some(PaneItem::View(wanted)));
    assert_eq!(
        app.prompt()
            .and_then(|p| p.pane_matches().last().map(|e| e.counts)),
        Some(Counts {
            total: 6,
            unread: 6
        })
    );
}

#[test]
fn a_used_or_empty_name_is_refused_in_the_prompt() {
    let (mut app, mut c) = fixture();
    app.apply(Action::SaveView, &mut c);
    assert_eq!(app.filters_in_words(), "every article");
    app.apply(Action::Submit, &mut c);
    let error = app.prompt().and_then(|p| p.error.clone());
    assert_eq!(
        error.as_deref(),
        Some(Word::ViewNameEmpty.text(Language::En))
    );
    type_text(&mut app, &mut c, "title 3");
    app.apply(Action::Submit, &mut c);
    assert_eq!(app.mode(), Context::Prompt);
    let exists = Message::ViewExists { name: "Title 3" }.text(Language::En);
    assert_eq!(
        app.prompt().and_then(|p| p.error.clone()),
        Some(exists.clone())
    );
    assert!(app.take_effects().is_empty());
    app.apply(Action::ClearInput, &mut c);
    type_text(&mut app, &mut c, &"x".repeat(81));
    app.apply(Action::Submit, &mut c);
    assert!(app.prompt().is_some_and(|p| p.error.is_some()));
    app.apply(Action::Cancel, &mut c);
    assert!(app.take_effects().is_empty());

    // in the file already (written by hand since start), or not writable
    for (outcome, view_count) in [
        (
            ViewSave::Exists {
                name: "Mine".into(),
                file: "c.toml".into(),
            },
            2,
        ),
        (
            ViewSave::Failed {
                name: "Mine".into(),
                why: "c.toml: cannot write: read-only file system".into(),
            },
            2,
        ),
    ] {
        app.on_notice(Notice::ViewSave(outcome), &mut c);
        assert!(app.status().is_some_and(|s| s.is_error));
        assert_eq!(app.views().len(), view_count);
    }
}

#[test]
fn a_relative_date_is_read_on_the_day_the_view_is_chosen() {
    let view = SavedView {
        name: "Today".into(),
        date: Some("today".into()),
        ..SavedView::default()
    };
    let day = chrono::NaiveDate::from_ymd_opt(2020, 12, 1).unwrap();
    assert_eq!(view_filter(&view, day).dates, Some(DateFilter::Day(day)));
    let next = day.succ_opt().unwrap();
    assert_eq!(view_filter(&view, next).dates, Some(DateFilter::Day(next)));
}
