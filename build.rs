// Embeds assets/demo/ into the binary, so `--demo` works wherever the binary lives.
use std::fmt::Write as _;
use std::path::Path;

fn collect(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    println!("cargo:rerun-if-changed=assets/demo");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("pub static DEMO_FILES: &[(&str, &[u8])] = &[\n");
    for file in files {
        let abs = root.join(&file);
        let _ = writeln!(code, "    ({file:?}, include_bytes!({:?})),", abs.to_string_lossy());
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("demo_assets.rs");
    std::fs::write(out, code).unwrap_or_else(|e| panic!("cannot write demo_assets.rs: {e}"));
}
