//! The command line: global options and subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "xemtin",
    version = env!("XEMTIN_VERSION"),
    about = "A keyboard-driven terminal reader for news articles",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// The data folder with the articles (default: ./data if it exists, else the platform data folder)
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The configuration file (default: $XEMTIN_CONFIG, else the platform config folder)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The index database (default: in the platform cache folder; deleting it only costs a re-index)
    #[arg(long, global = true, value_name = "FILE")]
    pub index: Option<PathBuf>,
    /// When to use colour (NO_COLOR in the environment means never)
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorArg>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What `xemtin --help` ends with: the exit statuses and the streams.
pub const AFTER_HELP: &str = "\
Exit status: 0 when the command did its job; 1 when it failed (a file or the index could not \
be read or written, an unknown article id, a feed that failed, files `check` skipped); \
2 for a usage error (an unknown option or subcommand, a bad date expression, an invalid \
configuration, a missing data folder).
Data goes to stdout (`--json` for scripts on every listing command); errors, warnings and \
progress go to stderr.
`xemtin man` prints the manual page, `xemtin completions SHELL` the shell completions.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the articles, newest first
    List {
        /// Only articles in this date expression: 31/12/2020, 12/2020, 2020, 1/12/2020..15/12/2020, today
        #[arg(long, value_name = "EXPR")]
        date: Option<String>,
        /// Print a JSON array instead of text
        #[arg(long)]
        json: bool,
        /// Only unread articles
        #[arg(long)]
        unread: bool,
        /// Only starred articles
        #[arg(long)]
        starred: bool,
        /// Only articles from this source (its exact name, as `list` prints it)
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
    },
    /// Search the articles, best matches first, in the query language of the TUI:
    /// words (all must match; the last one as a prefix), "exact phrase", -word, title:word, source:word
    Search {
        /// The query (accents and case do not matter: "dan van" finds "dân vận")
        query: String,
        /// Only articles in this date expression
        #[arg(long, value_name = "EXPR")]
        date: Option<String>,
        /// Newest first instead of best matches first
        #[arg(long)]
        newest: bool,
        /// Print a JSON array instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print a month (or a year) as a grid of days with how many articles each has
    Calendar {
        /// The month to show: 12/2020 (default: the month of the newest article)
        #[arg(long, value_name = "MONTH", conflicts_with = "year")]
        month: Option<String>,
        /// The year to show, month by month: 2020
        #[arg(long, value_name = "YEAR")]
        year: Option<String>,
        /// Count only the days of this date expression (and show its months
        /// when neither --month nor --year is given)
        #[arg(long, value_name = "EXPR")]
        date: Option<String>,
        /// Only articles from this source (its exact name)
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
        /// Only unread articles
        #[arg(long)]
        unread: bool,
        /// Only starred articles
        #[arg(long)]
        starred: bool,
        /// Print the count of every day as JSON instead of the grid
        #[arg(long)]
        json: bool,
    },
    /// Change an article's read or starred mark, or with --all-read mark every
    /// article the filters match read
    Mark {
        /// The article's id, as `xemtin list` prints it
        #[arg(required_unless_present = "all_read", conflicts_with = "all_read")]
        id: Option<String>,
        /// Mark read every article matching --date, --source and --query (all articles without them)
        #[arg(long, conflicts_with_all = ["read", "unread", "star", "unstar"])]
        all_read: bool,
        /// With --all-read: only articles in this date expression
        #[arg(long, value_name = "EXPR", requires = "all_read")]
        date: Option<String>,
        /// With --all-read: only articles from this source (its exact name)
        #[arg(long, value_name = "NAME", requires = "all_read")]
        source: Option<String>,
        /// With --all-read: only articles this search finds
        #[arg(long, value_name = "Q", requires = "all_read")]
        query: Option<String>,
        /// Mark it read
        #[arg(long, conflicts_with = "unread")]
        read: bool,
        /// Mark it unread
        #[arg(long)]
        unread: bool,
        /// Star it
        #[arg(long, conflicts_with = "unstar")]
        star: bool,
        /// Take its star away
        #[arg(long)]
        unstar: bool,
    },
    /// Download the feeds listed in config.toml ([[feeds]]) into the data folder's feeds/ folder
    Fetch,
    /// Add the feeds of an OPML file to your config.toml
    ImportOpml {
        /// The OPML file (as exported by another feed reader)
        file: PathBuf,
    },
    /// Print the configured feeds as OPML
    ExportOpml,
    /// Bring the index up to date with the data folder
    Index {
        /// Start from an empty index
        #[arg(long)]
        rebuild: bool,
    },
    /// Print one article as wrapped text
    Show {
        /// The article's id: its path relative to the data folder, as `xemtin list` prints it
        id: String,
        /// Wrap to this many columns
        #[arg(long, value_name = "N", default_value_t = 80)]
        width: u16,
    },
    /// Report every file that was skipped or has warnings, and check the configuration
    Check {
        /// Print the report as one JSON object instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print the key bindings in effect
    Keys {
        /// Print a JSON array of the bindings instead of text
        #[arg(long)]
        json: bool,
    },
    /// Print the feeds configured in config.toml ([[feeds]])
    Feeds {
        /// Print a JSON array instead of text
        #[arg(long)]
        json: bool,
    },
    /// Show the configuration
    Config {
        /// Print the built-in default configuration
        #[arg(long)]
        default: bool,
        /// Print the path of the configuration file in effect
        #[arg(long)]
        path: bool,
    },
    /// Print the completion script for a shell (see the README: Install)
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): commands, options, exit status, the query
    /// language and every option of config.toml
    Man,
}
