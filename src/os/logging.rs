//! Logs go to a file in the state directory, never to the terminal.

use tracing_subscriber::EnvFilter;

/// Starts logging to `newsdesk.log` in the state directory; keep the guard alive.
/// The level comes from NEWSDESK_LOG (default: warn, and info for newsdesk).
pub fn init() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = crate::os::paths::state_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "newsdesk.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_env("NEWSDESK_LOG").unwrap_or_else(|_| EnvFilter::new("warn,newsdesk=info"));
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}
