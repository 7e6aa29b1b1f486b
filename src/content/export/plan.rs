//! The export plan: which documents some stories become, and where each goes. Pure: the
//! caller says what the target is on disk, this says what to write; the reader's export
//! dialog and `newsdesk export` both use it, and `os::files::write_plan` carries it out.

use super::{Format, file_name_from, render, safe_file_name};
use crate::domain::Story;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// Where an export goes, as the caller found it on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// Standard output (`-`).
    Stdout,
    /// An existing directory, or one to create: each document gets a name of its own there.
    Directory(PathBuf),
    /// A file that must not exist yet: room for one document only.
    File(PathBuf),
}

/// Where one document goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Stdout,
    /// In this directory under this name, or the first free `name-N` beside it.
    InDirectory {
        dir: PathBuf,
        name: String,
    },
    /// At exactly this path, which must not exist yet.
    AtPath(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDocument {
    pub placement: Placement,
    pub bytes: Vec<u8>,
}

/// How documents are made: the file-name template, the text width, the book's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportStyle {
    pub file_name: String,
    pub text_width: usize,
    /// The title of a book of several stories; "newsdesk: N stories" when none is given.
    pub book_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("nothing to export")]
    Nothing,
    #[error("{stories} stories make {documents} files: give a directory, not {}", path.display())]
    NeedsDirectory { stories: usize, documents: usize, path: PathBuf },
}

/// The documents `stories` make in `format`: one EPUB book holds several stories; every
/// other format makes one document per story.
pub fn plan(
    stories: &[Story],
    format: Format,
    style: &ExportStyle,
    target: &ExportTarget,
    now: DateTime<Utc>,
) -> Result<Vec<PlannedDocument>, PlanError> {
    if stories.is_empty() {
        return Err(PlanError::Nothing);
    }
    let documents: Vec<(String, Vec<u8>)> = if format == Format::Epub && stories.len() > 1 {
        let title =
            style.book_title.clone().unwrap_or_else(|| format!("newsdesk: {} stories", stories.len()));
        let name = safe_file_name(&format!("newsdesk-{}", now.format("%Y-%m-%d")), "epub");
        vec![(name, super::epub(stories, &title, now))]
    } else {
        stories
            .iter()
            .map(|s| (file_name_from(&style.file_name, s, format), render(s, format, style.text_width)))
            .collect()
    };
    let count = documents.len();
    let place = |name: String| match target {
        ExportTarget::Stdout => Ok(Placement::Stdout),
        ExportTarget::Directory(dir) => Ok(Placement::InDirectory { dir: dir.clone(), name }),
        ExportTarget::File(path) if count == 1 => Ok(Placement::AtPath(path.clone())),
        ExportTarget::File(path) => {
            Err(PlanError::NeedsDirectory { stories: stories.len(), documents: count, path: path.clone() })
        }
    };
    // The documents are moved into the plan, not copied: a book can be many megabytes.
    documents
        .into_iter()
        .map(|(name, bytes)| Ok(PlannedDocument { placement: place(name)?, bytes }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StoryId;

    fn stories(n: i64) -> Vec<Story> {
        (1..=n).map(|i| Story { title: format!("Story {i}").into(), ..Story::blank(StoryId(i)) }).collect()
    }

    fn style() -> ExportStyle {
        ExportStyle { file_name: "{title}".into(), text_width: 80, book_title: None }
    }

    #[test]
    fn several_stories_make_one_book_or_one_file_each() {
        let now = Utc::now();
        let dir = ExportTarget::Directory(PathBuf::from("/out"));
        let book = plan(&stories(3), Format::Epub, &style(), &dir, now).expect("plan");
        assert_eq!(book.len(), 1);
        let files = plan(&stories(3), Format::Markdown, &style(), &dir, now).expect("plan");
        let names: Vec<_> = files
            .iter()
            .map(|d| match &d.placement {
                Placement::InDirectory { name, .. } => name.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names, ["story-1.md", "story-2.md", "story-3.md"]);
    }

    #[test]
    fn a_file_target_takes_one_document_only() {
        let now = Utc::now();
        let file = ExportTarget::File(PathBuf::from("/out/x.md"));
        let err = plan(&stories(2), Format::Markdown, &style(), &file, now).expect_err("two files");
        assert_eq!(err.to_string(), "2 stories make 2 files: give a directory, not /out/x.md");
        let one = plan(&stories(2), Format::Epub, &style(), &file, now).expect("one book");
        assert_eq!(one[0].placement, Placement::AtPath(PathBuf::from("/out/x.md")));
        assert_eq!(plan(&[], Format::Text, &style(), &file, now), Err(PlanError::Nothing));
    }
}
