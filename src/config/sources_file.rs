//! Changing the sources in the user's config file while keeping its comments and layout.

use crate::domain::SourceSpec;
use std::path::Path;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not valid TOML: {message}")]
    Parse { path: String, message: String },
    #[error("no source in {path} matches {key}")]
    NotFound { path: String, key: String },
    #[error("{url} is listed already")]
    Duplicate { url: crate::domain::SafeText },
    #[error(transparent)]
    Write(#[from] crate::os::files::WriteError),
}

fn load(path: &Path) -> Result<DocumentMut, EditError> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        // No file yet: start from the built-in configuration's documented settings, without
        // its sources: the new file holds only what the user adds.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => without_sources(crate::config::DEFAULT_TOML),
        Err(source) => return Err(EditError::Read { path: shown, source }),
    };
    text.parse::<DocumentMut>().map_err(|e| EditError::Parse { path: shown, message: e.to_string() })
}

/// The built-in configuration up to its first source: every setting, documented.
fn without_sources(text: &str) -> String {
    match text.find("\n[[source]]") {
        Some(at) => text[..at + 1].to_string(),
        None => text.to_string(),
    }
}

/// Writes the file back through any symbolic link, keeping its permissions.
fn save(path: &Path, doc: &DocumentMut) -> Result<(), EditError> {
    crate::os::files::replace(path, doc.to_string().as_bytes())?;
    Ok(())
}

fn sources(doc: &mut DocumentMut) -> &mut ArrayOfTables {
    if doc.get("source").and_then(Item::as_array_of_tables).is_none() {
        doc.insert("source", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc["source"].as_array_of_tables_mut().unwrap_or_else(|| unreachable!("inserted above"))
}

fn matches(table: &Table, key: &str) -> bool {
    table.get("url").and_then(|v| v.as_str()) == Some(key)
        || table.get("title").and_then(|v| v.as_str()).is_some_and(|t| t.eq_ignore_ascii_case(key))
}

pub fn add(path: &Path, spec: &SourceSpec) -> Result<(), EditError> {
    let mut doc = load(path)?;
    let list = sources(&mut doc);
    if list.iter().any(|t| t.get("url").and_then(|v| v.as_str()) == Some(spec.url.as_str())) {
        return Err(EditError::Duplicate { url: crate::domain::safe_text::mask(&spec.url) });
    }
    let mut table = Table::new();
    table.insert("url", value(spec.url.as_str()));
    if let Some(title) = &spec.title {
        table.insert("title", value(title.as_str()));
    }
    if let Some(folder) = &spec.folder {
        table.insert("folder", value(folder.as_str()));
    }
    if let Some(rules) = &spec.html {
        table.insert("kind", value("html"));
        let keyed = [
            ("link_selector", &rules.selector),
            ("link_pattern", &rules.pattern),
            ("exclude_pattern", &rules.exclude),
        ];
        for (key, rule) in keyed {
            if let Some(rule) = rule {
                table.insert(key, value(rule.as_str()));
            }
        }
        if !rules.also_sites.is_empty() {
            table.insert(
                "also_sites",
                value(rules.also_sites.iter().map(String::as_str).collect::<toml_edit::Array>()),
            );
        }
    }
    list.push(table);
    save(path, &doc)
}

/// Removes the source whose URL or title is `key`; returns its URL.
pub fn remove(path: &Path, key: &str) -> Result<String, EditError> {
    let mut doc = load(path)?;
    let list = sources(&mut doc);
    let index = list.iter().position(|t| matches(t, key));
    let Some(index) = index else {
        return Err(EditError::NotFound {
            path: path.display().to_string(),
            key: crate::domain::safe_text::clean_line(key),
        });
    };
    let url =
        list.get(index).and_then(|t| t.get("url")).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    list.remove(index);
    save(path, &doc)?;
    Ok(url)
}

pub fn rename(path: &Path, key: &str, title: &str) -> Result<(), EditError> {
    let mut doc = load(path)?;
    let list = sources(&mut doc);
    let Some(table) = list.iter_mut().find(|t| matches(t, key)) else {
        return Err(EditError::NotFound {
            path: path.display().to_string(),
            key: crate::domain::safe_text::clean_line(key),
        });
    };
    table.insert("title", value(crate::domain::safe_text::clean_line(title)));
    save(path, &doc)
}

/// A change to the sources in the config file, as the reader asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceEdit {
    Add { url: String, title: Option<crate::domain::SafeText> },
    Rename { url: String, title: String },
    Remove { url: String },
}

/// Carries out `edit` and says what was done, for the status line.
pub fn apply(path: &Path, edit: SourceEdit) -> Result<String, EditError> {
    use crate::domain::safe_text::{clean_line, mask};
    tracing::info!(config = %path.display(), edit = edit_kind(&edit), "editing the sources");
    Ok(match edit {
        SourceEdit::Add { url, title } => {
            let spec =
                SourceSpec { url: url.clone(), title: title.map(|t| t.into_string()), ..Default::default() };
            add(path, &spec)?;
            format!("Added {}; press r to fetch it", mask(&url))
        }
        SourceEdit::Rename { url, title } => {
            rename(path, &url, &title)?;
            format!("Renamed to {}", clean_line(&title))
        }
        SourceEdit::Remove { url } => {
            remove(path, &url)?;
            format!("Removed {}; its bookmarks stay", mask(&url))
        }
    })
}

/// What an edit does, for the log: never the address, which may carry credentials.
fn edit_kind(edit: &SourceEdit) -> &'static str {
    match edit {
        SourceEdit::Add { .. } => "add",
        SourceEdit::Rename { .. } => "rename",
        SourceEdit::Remove { .. } => "remove",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_comments_and_layout() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("config.toml");
        let original = "# my feeds\n[general]\nexport_dir = \"~/x\" # where exports go\n\n[[source]]\n# the best one\nurl = \"https://a.example/feed\"\ntitle = \"A\"\n";
        std::fs::write(&path, original).expect("write");
        let spec = SourceSpec {
            url: "https://b.example/rss".into(),
            title: Some("B".into()),
            folder: Some("Tech".into()),
            ..Default::default()
        };
        add(&path, &spec).expect("add");
        assert!(matches!(add(&path, &spec), Err(EditError::Duplicate { .. })));
        rename(&path, "https://a.example/feed", "Alpha").expect("rename");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.starts_with("# my feeds\n[general]\nexport_dir = \"~/x\" # where exports go\n"),
            "{text}"
        );
        assert!(
            text.contains("# the best one\nurl = \"https://a.example/feed\"\ntitle = \"Alpha\""),
            "{text}"
        );
        assert!(
            text.contains("[[source]]\nurl = \"https://b.example/rss\"\ntitle = \"B\"\nfolder = \"Tech\""),
            "{text}"
        );
        assert_eq!(remove(&path, "Alpha").expect("remove"), "https://a.example/feed");
        let config = crate::config::Config::parse(&std::fs::read_to_string(&path).expect("read"), &path)
            .expect("valid");
        assert_eq!(config.sources.len(), 1);
        assert!(matches!(remove(&path, "nothing"), Err(EditError::NotFound { .. })));
    }
}
