//! What the status line says when a fetch ends: what was new, which feeds
//! the server asked to wait, what failed. A fetch the user asked for (`F`)
//! always gives its summary; a scheduled one (`[fetch]`) speaks only when
//! it has news, so a refresh every few minutes leaves the status line alone.

use super::{App, FetchSummary, Status};
use crate::i18n::{FetchNews, Message};

impl App {
    pub(super) fn fetched_status(&self, s: &FetchSummary) -> Option<Status> {
        let lang = self.options.language;
        let mut parts = Vec::new();
        if s.new > 0 {
            parts.push(FetchNews::New { count: s.new }.text(lang));
        }
        if !s.scheduled {
            let summary = Message::Fetched {
                updated: s.updated,
                unchanged: s.unchanged,
                failed: s.failed,
                first_error: s.first_error.as_deref(),
            };
            parts.push(summary.text(lang));
        } else if let Some(first) = s.first_error.as_deref() {
            let count = s.failed.max(1);
            parts.push(FetchNews::Failed { count, first }.text(lang));
        }
        for (feed, seconds) in &s.waiting {
            let minutes = seconds.div_ceil(60).max(1);
            parts.push(FetchNews::Waiting { feed, minutes }.text(lang));
        }
        if parts.is_empty() {
            return None;
        }
        let is_error = match s.scheduled {
            true => s.first_error.is_some(),
            false => s.failed > 0,
        };
        Some(Status {
            text: parts.join(" · "),
            is_error,
        })
    }
}
