//! The content pipeline stays pure: no UI, storage, network or runtime crates inside it.

use std::path::Path;

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read dir").flatten() {
            rust_files(&entry.path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn pipeline_modules_import_no_io_or_ui_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let pure = ["feed", "render", "export", "domain.rs", "text.rs", "app", "keymap.rs", "command.rs"];
    let forbidden = [
        "ratatui",
        "crossterm",
        "rusqlite",
        "reqwest",
        "tokio",
        "crate::store",
        "crate::ui",
        "crate::net",
        "crate::runtime",
    ];
    let mut files = Vec::new();
    for name in pure {
        rust_files(&src.join(name), &mut files);
    }
    assert!(files.len() >= 10, "found the pipeline's files: {files:?}");
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        for word in forbidden {
            if text.lines().any(|l| !l.trim_start().starts_with("//") && l.contains(&format!("{word}::"))) {
                offences.push(format!("{} uses {word}", file.display()));
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}
