//! What commands start from: the config (the user's, the one given, or the built-in one) and
//! the library, opened once here for every command that reads it, the reader included.

use super::Cli;
use crate::config::Config;
use crate::store::Store;
use anyhow::Result;
use std::path::PathBuf;

/// The config and the open library, with what must live as long as they are used.
pub struct Library {
    pub config: Config,
    pub store: Store,
    /// The config file source edits go to; none in the demo, whose sources are its own.
    pub editable_config: Option<PathBuf>,
    _demo: Option<(crate::demo::server::Server, Option<crate::os::files::TempDir>)>,
    _log: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// The config file named on the command line, else the user's.
pub fn config_path(cli: &Cli) -> PathBuf {
    cli.config.clone().unwrap_or_else(crate::os::paths::config_file)
}

/// The config: a file named on the command line must exist; the user's own may not, and
/// then the built-in one is used. Sources left out for a bad value are reported on stderr.
pub fn config(cli: &Cli) -> Result<Config> {
    let config = Config::load(&config_path(cli), cli.config.is_some())?;
    for problem in &config.problems {
        eprintln!("newsdesk: {}", crate::domain::safe_text::clean_line(problem));
    }
    Ok(config)
}

/// Loads the config, starts the demo's server when asked, and opens the library with the
/// configured sources in it.
pub fn open(cli: &Cli) -> Result<Library> {
    let config = config(cli)?;
    open_with(cli, config, true)
}

/// For commands that only read and write the library (`list`, `show`, `export`,
/// `bookmarks`…): a config that cannot be trusted is reported, and the library is opened
/// all the same, with the built-in settings and the sources it holds left as they are.
pub fn open_for_reading(cli: &Cli) -> Result<Library> {
    match config(cli) {
        Ok(config) => open_with(cli, config, true),
        Err(e) => {
            eprintln!(
                "newsdesk: {}; reading the library without it",
                crate::domain::safe_text::clean_line(&format!("{e:#}"))
            );
            let mut config = Config::embedded();
            config.sources.clear();
            open_with(cli, config, false)
        }
    }
}

fn open_with(cli: &Cli, mut config: Config, sync_sources: bool) -> Result<Library> {
    let mut demo = None;
    if cli.demo {
        let (server, demo_config) = crate::demo::start(config)?;
        config = demo_config;
        demo = Some((server, None));
    }
    let db_path = match (&cli.db, &mut demo) {
        (Some(path), _) => path.clone(),
        (None, Some((_, temp))) => {
            // The demo's library lives in a temporary directory unless --db names one.
            let dir = crate::os::files::TempDir::new("newsdesk-demo")?;
            let path = dir.path().join("demo.db");
            *temp = Some(dir);
            path
        }
        (None, None) => crate::os::paths::database_file(),
    };
    let mut store = Store::open(&db_path)?;
    if sync_sources {
        store.sync_sources(&config.sources)?;
    }
    if let Some(every) = config.refresh_interval {
        store.set_poll_interval(every.as_secs() as i64);
    }
    let editable_config = (!cli.demo).then(|| config_path(cli));
    Ok(Library { config, store, editable_config, _demo: demo, _log: crate::os::logging::init() })
}

/// What must outlive the reader without being its business: the demo's server and library,
/// and the log's writer.
pub struct KeepAlive {
    _demo: Option<(crate::demo::server::Server, Option<crate::os::files::TempDir>)>,
    _log: Option<tracing_appender::non_blocking::WorkerGuard>,
}

impl Library {
    /// The parts the reader runs on: the config, the library, the config file to edit.
    pub fn into_reader(self) -> (Config, Store, Option<PathBuf>, KeepAlive) {
        let Library { config, store, editable_config, _demo, _log } = self;
        (config, store, editable_config, KeepAlive { _demo, _log })
    }
}
