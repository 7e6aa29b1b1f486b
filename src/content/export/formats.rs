//! The richer export formats: a standalone HTML page, JSON, EPUB 3 (one story or many), and
//! a Netscape bookmark file that browsers import.

use super::xhtml;
use crate::domain::Story;
use crate::domain::safe_text::clean_line;
use chrono::{DateTime, Utc};

fn escape(s: &str) -> String {
    crate::content::html_text::escape(&clean_line(s))
}

const CSS: &str = "body{max-width:42em;margin:2em auto;padding:0 1em;font:1.05em/1.6 Georgia,serif;color:#222}\
h1{font-size:1.7em;line-height:1.25}.meta{color:#666;font-size:.9em}blockquote{border-left:3px solid #ccc;\
margin-left:0;padding-left:1em;color:#444}pre{overflow-x:auto;background:#f5f5f5;padding:.6em}\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}";

fn meta_line(story: &Story) -> String {
    let mut parts = vec![escape(&story.source)];
    if let Some(author) = &story.author {
        parts.push(escape(author));
    }
    if let Some(date) = story.published {
        parts.push(date.format("%Y-%m-%d %H:%M UTC").to_string());
    }
    parts.join(" · ")
}

/// A standalone page: readable offline, no script, the story's metadata on top.
pub fn html_document(story: &Story) -> String {
    let link = story
        .url
        .as_deref()
        .filter(|u| crate::domain::is_web_url(u))
        .map(|u| format!(" · <a href=\"{}\">original</a>", escape(u)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <meta name=\"author\" content=\"{author}\">\n<style>{CSS}</style>\n</head>\n<body>\n<article>\n\
         <h1>{title}</h1>\n<p class=\"meta\">{meta}{link}</p>\n{body}\n</article>\n</body>\n</html>\n",
        title = escape(&story.title),
        author = escape(story.author.as_deref().unwrap_or("")),
        meta = meta_line(story),
        body = xhtml::safe(story.body_html(), story.url.as_deref()),
    )
}

/// Every field of the story.
pub fn json(story: &Story) -> String {
    serde_json::to_string_pretty(story).unwrap_or_else(|_| "{}".into()) + "\n"
}

/// A Netscape bookmark file of `stories`, which browsers import.
pub fn netscape(stories: &[Story]) -> String {
    let mut out = String::from(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n\
         <TITLE>Bookmarks</TITLE>\n<H1>newsdesk bookmarks</H1>\n<DL><p>\n",
    );
    for story in stories {
        let Some(url) = story.url.as_deref() else { continue };
        let added = story.bookmarked_at.or(story.published).map(|d| d.timestamp()).unwrap_or(0);
        let tags = if story.tags.is_empty() {
            String::new()
        } else {
            format!(" TAGS=\"{}\"", escape(&story.tags.join(",")))
        };
        out.push_str(&format!(
            "    <DT><A HREF=\"{}\" ADD_DATE=\"{added}\"{tags}>{}</A>\n",
            escape(url),
            escape(&story.title)
        ));
        if let Some(note) = &story.note {
            out.push_str(&format!("    <DD>{}\n", escape(note)));
        }
    }
    out.push_str("</DL><p>\n");
    out
}

fn chapter(story: &Story) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p class=\"meta\">{meta}</p>\n{body}\n</body>\n</html>\n",
        title = escape(&story.title),
        meta = meta_line(story),
        body = xhtml::safe(story.body_html(), story.url.as_deref()),
    )
}

fn uuid_from(seed: &str) -> String {
    let a = crc32fast::hash(seed.as_bytes());
    let b = crc32fast::hash(format!("{seed}#1").as_bytes());
    let c = crc32fast::hash(format!("{seed}#2").as_bytes());
    let d = crc32fast::hash(format!("{seed}#3").as_bytes());
    format!("{a:08x}-{:04x}-4{:03x}-a{:03x}-{:04x}{c:08x}", b >> 16, b & 0xfff, d >> 20, d & 0xffff)
}

/// An EPUB 3 book of `stories`, one chapter each, with a table of contents.
pub fn epub(stories: &[Story], title: &str, now: DateTime<Utc>) -> Vec<u8> {
    let id = uuid_from(&format!(
        "{title}{}",
        stories.iter().map(|s| s.id.0.to_string()).collect::<Vec<_>>().join(",")
    ));
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut toc = String::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, story) in stories.iter().enumerate() {
        let name = format!("story-{:04}.xhtml", i + 1);
        manifest.push_str(&format!(
            "    <item id=\"s{i}\" href=\"{name}\" media-type=\"application/xhtml+xml\"/>\n"
        ));
        spine.push_str(&format!("    <itemref idref=\"s{i}\"/>\n"));
        toc.push_str(&format!("      <li><a href=\"{name}\">{}</a></li>\n", escape(&story.title)));
        files.push((format!("OEBPS/{name}"), chapter(story).into_bytes()));
    }
    let authors: Vec<&str> = stories.iter().filter_map(|s| s.author.as_deref()).collect();
    let creator =
        authors.first().map(|a| format!("    <dc:creator>{}</dc:creator>\n", escape(a))).unwrap_or_default();
    let opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" \
         unique-identifier=\"book-id\" xml:lang=\"en\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
         <dc:identifier id=\"book-id\">urn:uuid:{id}</dc:identifier>\n    <dc:title>{title}</dc:title>\n\
         <dc:language>en</dc:language>\n{creator}    <meta property=\"dcterms:modified\">{modified}</meta>\n  </metadata>\n\
         <manifest>\n    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n\
         <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n{manifest}  </manifest>\n  <spine>\n{spine}  </spine>\n</package>\n",
        title = escape(title),
        modified = now.format("%Y-%m-%dT%H:%M:%SZ"),
    );
    let nav = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n</head>\n<body>\n  <nav epub:type=\"toc\" id=\"toc\">\n    <h1>{title}</h1>\n    <ol>\n{toc}    </ol>\n  </nav>\n</body>\n</html>\n",
        title = escape(title),
    );
    let container = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" \
        xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n  <rootfiles>\n    <rootfile full-path=\"OEBPS/content.opf\" \
        media-type=\"application/oebps-package+xml\"/>\n  </rootfiles>\n</container>\n";
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("mimetype".into(), b"application/epub+zip".to_vec()),
        ("META-INF/container.xml".into(), container.as_bytes().to_vec()),
        ("OEBPS/content.opf".into(), opf.into_bytes()),
        ("OEBPS/nav.xhtml".into(), nav.into_bytes()),
        ("OEBPS/style.css".into(), CSS.as_bytes().to_vec()),
    ];
    entries.extend(files);
    stored_zip(&entries)
}

/// A ZIP archive whose entries are stored uncompressed, in order (EPUB needs `mimetype`
/// first and uncompressed).
fn stored_zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    // 1 January 2026, 00:00, in MS-DOS form: fixed, so the same stories give the same file.
    let (time, date): (u16, u16) = (0, ((2026 - 1980) << 9) | (1 << 5) | 1);
    for (name, data) in entries {
        let crc = crc32fast::hash(data);
        let offset = out.len() as u32;
        let size = data.len() as u32;
        let header = |sig: u32, central_entry: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central_entry {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0x0800u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&time.to_le_bytes());
            h.extend_from_slice(&date.to_le_bytes());
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central_entry {
                // comment length, disk number, internal and external attributes
                h.extend_from_slice(&[0; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend(central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
