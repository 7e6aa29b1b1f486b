//! Logs go to a file in the state directory, never to the terminal. The file is kept small:
//! when it has grown past `MAX_LOG_BYTES` at start, it becomes `newsdesk.log.1` (replacing
//! the one before) and a new one begins.

use std::path::Path;
use tracing_subscriber::EnvFilter;

/// How large the log may grow before the next start sets it aside.
pub const MAX_LOG_BYTES: u64 = 1 << 20;

/// Starts logging to `newsdesk.log` in the state directory; keep the guard alive.
/// The level comes from NEWSDESK_LOG (default: warn, and info for newsdesk).
pub fn init() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = crate::os::paths::state_dir();
    std::fs::create_dir_all(&dir).ok()?;
    rotate(&dir, MAX_LOG_BYTES);
    let appender = tracing_appender::rolling::never(&dir, "newsdesk.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_env("NEWSDESK_LOG").unwrap_or_else(|_| EnvFilter::new("warn,newsdesk=info"));
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}

/// Sets `newsdesk.log` aside as `newsdesk.log.1` once it is larger than `limit`.
pub fn rotate(dir: &Path, limit: u64) {
    let log = dir.join("newsdesk.log");
    if std::fs::metadata(&log).is_ok_and(|m| m.len() > limit) {
        let _ = std::fs::rename(&log, dir.join("newsdesk.log.1"));
    }
}

/// Appends a panic's message to the log at once: the logging thread may not get to write it
/// before the process ends.
pub fn write_panic(message: &str) {
    use std::io::Write;
    let path = crate::os::paths::state_dir().join("newsdesk.log");
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(file, "{} PANIC {message}", chrono::Utc::now().to_rfc3339());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_log_is_set_aside_and_a_small_one_kept() {
        let dir = tempfile::tempdir().expect("tmp");
        let log = dir.path().join("newsdesk.log");
        std::fs::write(&log, vec![b'x'; 100]).expect("write");
        rotate(dir.path(), 1000);
        assert!(log.exists(), "a small log stays");
        std::fs::write(&log, vec![b'y'; 2000]).expect("write");
        std::fs::write(dir.path().join("newsdesk.log.1"), b"older").expect("write");
        rotate(dir.path(), 1000);
        assert!(!log.exists());
        assert_eq!(std::fs::read(dir.path().join("newsdesk.log.1")).expect("read").len(), 2000);
    }
}
