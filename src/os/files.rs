//! Writing files the user asked for: inside the chosen directory, atomically, never over
//! an existing file.

use crate::content::export::plan::{ExportTarget, Placement, PlannedDocument};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot create directory {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{} already exists", path.display())]
    Exists { path: PathBuf },
    #[error("no free file name for {} after 9999 tries", path.display())]
    NoFreeName { path: PathBuf },
}

/// Writes `contents` to `dir/name`, or `dir/name-2`, `-3`… when taken. `name` must be a
/// bare file name (see `export::safe_file_name`). Returns the path written.
pub fn write_new_in_dir(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, WriteError> {
    fs::create_dir_all(dir).map_err(|source| WriteError::CreateDir { path: dir.into(), source })?;
    // Resolve the directory once so the file lands inside it even through links in its path.
    let dir = dir.canonicalize().map_err(|source| WriteError::CreateDir { path: dir.into(), source })?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, Some(e)),
        None => (name, None),
    };
    for n in 1..10_000 {
        let candidate = match (n, ext) {
            (1, _) => name.to_string(),
            (_, Some(e)) => format!("{stem}-{n}.{e}"),
            (_, None) => format!("{stem}-{n}"),
        };
        let path = dir.join(&candidate);
        match write_new(&path, contents) {
            Ok(()) => return Ok(path),
            Err(WriteError::Exists { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(WriteError::NoFreeName { path: dir.join(name) })
}

/// Writes a file atomically and never replaces one: the bytes go to a temporary file in the
/// same directory, which is then hard-linked to its final name (which fails if taken).
pub fn write_new(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists { path: path.into() });
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let result = via_temp_file(dir, contents, |tmp| fs::hard_link(tmp, path));
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(WriteError::Exists { path: path.into() })
        }
        Err(source) => Err(WriteError::Write { path: path.into(), source }),
    }
}

/// Writes `contents` to `path` atomically, replacing what is there (for files newsdesk
/// edits, such as the config). A symbolic link is written through: its target is replaced,
/// in the target's own directory, and the link stays. The file keeps its permissions; a new
/// one is readable by its owner only, since configs hold tokens.
pub fn replace(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let target = link_target(path);
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|source| WriteError::CreateDir { path: dir.into(), source })?;
    let mode = fs::metadata(&target).map(|m| m.permissions()).ok();
    let result = via_temp_file(dir, contents, |tmp| {
        if let Some(mode) = mode.or_else(owner_only) {
            fs::set_permissions(tmp, mode)?;
        }
        fs::rename(tmp, &target)
    });
    result.map_err(|source| WriteError::Write { path: target.clone(), source })
}

/// Where a chain of symbolic links at `path` ends, even when that file does not exist yet.
fn link_target(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&current) {
            Ok(next) => {
                let base = current.parent().unwrap_or(Path::new("."));
                current = if next.is_absolute() { next } else { base.join(next) };
            }
            Err(_) => return current,
        }
    }
    current
}

#[cfg(unix)]
fn owner_only() -> Option<fs::Permissions> {
    Some(std::os::unix::fs::PermissionsExt::from_mode(0o600))
}

#[cfg(not(unix))]
fn owner_only() -> Option<fs::Permissions> {
    None
}

/// Writes `contents` to a new temporary file in `dir`, synced to disk, and hands its path to
/// `finish` (which links or renames it into place); the temporary name is gone afterwards.
fn via_temp_file(
    dir: &Path,
    contents: &[u8],
    finish: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = dir.join(format!(".newsdesk-{}-{}.tmp", std::process::id(), unique()));
    let result = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        finish(&tmp)
    })();
    let _ = fs::remove_file(&tmp);
    result
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// Reads an export path as the user typed it: `-` is standard output, an existing
/// directory or a path ending in `/` is a directory, anything else a new file.
pub fn export_target(typed: &str) -> ExportTarget {
    if typed == "-" {
        return ExportTarget::Stdout;
    }
    let path = crate::os::paths::expand_home(typed);
    if typed.ends_with('/') || path.is_dir() {
        ExportTarget::Directory(path)
    } else {
        ExportTarget::File(path)
    }
}

/// Carries out an export plan: documents for standard output go to `stdout`, the others
/// to new files (a missing directory on the way is created). Returns the paths written.
pub fn write_plan(documents: &[PlannedDocument], stdout: &mut dyn Write) -> Result<Vec<PathBuf>, WriteError> {
    let mut written = Vec::new();
    for document in documents {
        match &document.placement {
            Placement::Stdout => stdout
                .write_all(&document.bytes)
                .map_err(|source| WriteError::Write { path: "standard output".into(), source })?,
            Placement::InDirectory { dir, name } => {
                written.push(write_new_in_dir(dir, name, &document.bytes)?)
            }
            Placement::AtPath(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    fs::create_dir_all(dir)
                        .map_err(|source| WriteError::CreateDir { path: dir.into(), source })?;
                }
                write_new(path, &document.bytes)?;
                written.push(path.clone());
            }
        }
    }
    Ok(written)
}

/// A directory of our own under the system's temporary directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Result<TempDir, WriteError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|source| WriteError::CreateDir { path: dir.clone(), source })?;
        Ok(TempDir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_and_numbers_collisions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = write_new_in_dir(dir.path(), "x.md", b"one").expect("first");
        let b = write_new_in_dir(dir.path(), "x.md", b"two").expect("second");
        assert_eq!(a.file_name().and_then(|n| n.to_str()), Some("x.md"));
        assert_eq!(b.file_name().and_then(|n| n.to_str()), Some("x-2.md"));
        assert_eq!(fs::read(&a).expect("read"), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_symbolic_link_in_the_way_is_never_written_through() {
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("outside");
        let target = outside.path().join("stolen.md");
        std::os::unix::fs::symlink(&target, dir.path().join("x.md")).expect("symlink");
        let written = write_new_in_dir(dir.path(), "x.md", b"story").expect("writes");
        assert_eq!(written.file_name().and_then(|n| n.to_str()), Some("x-2.md"));
        assert!(!target.exists(), "nothing written outside the directory");
        // A directory reached through a link is resolved first, so the file lands in its target.
        let link_dir = dir.path().join("via-link");
        std::os::unix::fs::symlink(outside.path(), &link_dir).expect("dir link");
        let through = write_new_in_dir(&link_dir, "y.md", b"story").expect("writes");
        assert!(through.starts_with(outside.path().canonicalize().expect("canon")));
    }

    #[test]
    fn an_unusable_directory_gives_a_clear_error_and_no_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A regular file where the export directory should be: fails even for root.
        let blocker = dir.path().join("exports");
        fs::write(&blocker, b"not a directory").expect("write");
        let error = write_new_in_dir(&blocker.join("inner"), "a.md", b"x").expect_err("must fail");
        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot create directory {}", blocker.join("inner").display()))
        );
        assert_eq!(fs::read(&blocker).expect("read"), b"not a directory");
    }
}
