//! `[fetch]`: fetching the feeds in the background while the TUI is open.
//! A feed's own `every_minutes` is read with the rest of its `[[feeds]]`
//! table (`feeds`), by [`Layer::every_minutes`] here.

use toml::de::DeTable;

use super::{FETCH_OPTIONS, Layer, Value, in_file_order};
use crate::config::MAX_EVERY_MINUTES;

impl Layer<'_> {
    pub(super) fn fetch(&mut self, table: &DeTable<'_>) {
        for (key, v) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            match name {
                "on_start" => {
                    if let Some(b) = self.boolean("fetch.on_start", v) {
                        self.builder.options.fetch_on_start = Some(b);
                    }
                }
                "every_minutes" => {
                    if let Some(n) = self.every_minutes("fetch.every_minutes", v) {
                        self.builder.options.fetch_every_minutes = Some(n);
                    }
                }
                _ => self.unknown_option(key.span(), "fetch", name, FETCH_OPTIONS),
            }
        }
    }

    /// Minutes between background fetches: 0 (never) to a week.
    pub(super) fn every_minutes(&mut self, what: &str, v: &Value<'_>) -> Option<u32> {
        let n = self.integer(what, v, 0, i64::from(MAX_EVERY_MINUTES))?;
        u32::try_from(n).ok()
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{FetchConfig, load};

    #[test]
    fn fetch_defaults_and_overrides() {
        let defaults = load(None).unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(defaults.fetch, FetchConfig::default());
        let text = "[fetch]\non_start = true\nevery_minutes = 30\n\
                    [[feeds]]\nurl = \"https://a.example/rss\"\nevery_minutes = 0\n\
                    [[feeds]]\nurl = \"https://b.example/rss\"\n";
        let c = load(Some(("t.toml", text))).unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(
            c.fetch,
            FetchConfig {
                on_start: true,
                every_minutes: 30
            }
        );
        let every: Vec<_> = c.feeds.iter().map(|f| f.every_minutes).collect();
        assert_eq!(every, [Some(0), None]);
    }
}
