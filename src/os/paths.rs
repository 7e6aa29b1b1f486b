//! Where newsdesk keeps its files: the environment first, then the XDG directories.

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "newsdesk")
}

fn home() -> PathBuf {
    directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from("."))
}

pub fn config_file() -> PathBuf {
    project().map(|p| p.config_dir().join("config.toml")).unwrap_or_else(|| PathBuf::from("newsdesk.toml"))
}

pub fn database_file() -> PathBuf {
    project().map(|p| p.data_dir().join("library.db")).unwrap_or_else(|| PathBuf::from("newsdesk.db"))
}

pub fn state_dir() -> PathBuf {
    project()
        .and_then(|p| p.state_dir().map(PathBuf::from))
        .or_else(|| project().map(|p| p.cache_dir().to_path_buf()))
        .unwrap_or_else(std::env::temp_dir)
}

/// Expands a leading `~/` to the home directory.
pub fn expand_home(path: &str) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => home().join(rest),
        None if path == "~" => home(),
        None => PathBuf::from(path),
    }
}
