//! The layers of `src/` and who may import whom, checked over whole folders: a new file in a
//! folder is held to its folder's rules without being listed here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each folder of `src/`, with the folders it may import (besides itself).
const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("content", &["domain"]),
    ("os", &["domain", "content"]),
    ("store", &["domain", "content", "os"]),
    ("fetch", &["domain", "content", "os", "store"]),
    ("config", &["domain", "content", "os", "store", "fetch"]),
    ("app", &["domain", "content", "config"]),
    ("ui", &["domain", "content", "config", "app"]),
    ("runtime", &["domain", "content", "os", "store", "fetch", "config", "app", "ui"]),
    ("demo", &["domain", "content", "os", "config"]),
    // The command line and the reader meet only in main.rs.
    ("cli", &["domain", "content", "os", "store", "fetch", "config", "demo"]),
];

/// Outside crates and std modules that only some folders may use.
const ONLY_IN: &[(&str, &[&str])] = &[
    ("rusqlite", &["store"]),
    ("reqwest", &["fetch"]),
    ("ratatui", &["ui", "runtime", "cli"]),
    ("crossterm", &["ui", "runtime", "cli"]),
    ("tokio", &["store", "fetch", "runtime", "cli"]),
    ("indicatif", &["cli"]),
    ("clap", &["cli"]),
    ("std::fs", &["os", "store", "config", "cli"]),
    ("std::net", &["demo"]),
    ("std::process", &["os", "runtime", "cli"]),
    ("tracing_subscriber", &["os"]),
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read dir").flatten() {
            rust_files(&entry.path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The code of a file without its comments and its unit tests.
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("read");
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => &text,
    };
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Every folder's files, by folder name.
fn folders() -> BTreeMap<String, Vec<PathBuf>> {
    let mut by_folder = BTreeMap::new();
    for entry in std::fs::read_dir(src()).expect("src").flatten() {
        if entry.path().is_dir() {
            let mut files = Vec::new();
            rust_files(&entry.path(), &mut files);
            by_folder.insert(entry.file_name().to_string_lossy().into_owned(), files);
        }
    }
    by_folder
}

/// The folders a piece of code names with `crate::folder`.
fn imported_folders(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(at, _)| {
            let rest = &code[at + 7..];
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn the_top_level_holds_only_folders_and_the_two_roots() {
    let mut loose: Vec<String> = std::fs::read_dir(src())
        .expect("src")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    loose.sort();
    assert_eq!(loose, ["lib.rs", "main.rs"], "every module lives in the folder of its layer");
    let known: BTreeSet<&str> = LAYERS.iter().map(|(name, _)| *name).collect();
    let found: BTreeSet<String> = folders().into_keys().collect();
    assert_eq!(found.iter().map(String::as_str).collect::<BTreeSet<_>>(), known, "each folder has its rules");
}

#[test]
fn folders_import_only_the_layers_below_them() {
    let mut offences = Vec::new();
    for (folder, files) in folders() {
        let allowed = LAYERS.iter().find(|(name, _)| *name == folder).map(|(_, a)| *a).unwrap_or(&[]);
        for file in &files {
            let code = code_of(file);
            if code.contains("super::super") {
                offences.push(format!("{} reaches up with super::super", file.display()));
            }
            for used in imported_folders(&code) {
                if used != folder && !allowed.contains(&used.as_str()) {
                    offences.push(format!("{} ({folder}) imports crate::{used}", file.display()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn outside_crates_stay_in_their_layers() {
    let mut offences = Vec::new();
    for (folder, files) in folders() {
        for file in &files {
            let code = code_of(file);
            for (name, only) in ONLY_IN {
                let used = code.contains(&format!("{name}::")) || code.contains(&format!("use {name}"));
                if used && !only.contains(&folder.as_str()) {
                    offences.push(format!("{} ({folder}) uses {name}", file.display()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
    // The rules above must bite: the library's own folders do use these crates.
    let store = folders()["store"].iter().map(|f| code_of(f)).collect::<String>();
    assert!(store.contains("rusqlite::"), "the check reads the store's code");
}

#[test]
fn the_ui_only_reads_the_state() {
    let mut offences = Vec::new();
    for file in &folders()["ui"] {
        let code = code_of(file);
        for mutable in
            ["&mut AppState", "&mut crate::app", "&mut OpenArticle", "&mut StoryList", "app::update"]
        {
            if code.contains(mutable) {
                offences.push(format!("{} takes {mutable}", file.display()));
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn no_import_cycles_between_folders() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (folder, files) in folders() {
        let used: BTreeSet<String> = files
            .iter()
            .flat_map(|f| imported_folders(&code_of(f)))
            .filter(|used| *used != folder && LAYERS.iter().any(|(name, _)| name == used))
            .collect();
        graph.insert(folder, used);
    }
    assert!(graph["cli"].len() > 3, "the graph was read: {graph:?}");
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            return Some(path[at..].iter().cloned().chain([node.to_string()]).collect());
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    for start in graph.keys() {
        assert_eq!(visit(start, &graph, &mut Vec::new()), None, "a cycle between folders");
    }
}

#[test]
fn the_import_scan_sees_what_it_should() {
    let code = "use crate::store::Store;\nlet x = crate::fetch::http::mask(y); // crate::ui";
    let found: Vec<String> = imported_folders(code).into_iter().collect();
    assert_eq!(found, ["fetch", "store", "ui"]);
    assert!(!code_of(&src().join("lib.rs")).contains("//!"), "comments are left out");
}
