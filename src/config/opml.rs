//! OPML in and out. Folders become folders; only http(s) feeds are taken; nothing in the
//! file is ever run or fetched.

use crate::domain::safe_text::clean_line;
use crate::domain::{Source, SourceSpec};
use quick_xml::events::Event;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpmlError {
    #[error("not OPML: {0}")]
    Invalid(String),
}

/// The feeds of an OPML document, and the entries refused with the reason.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub sources: Vec<SourceSpec>,
    pub refused: Vec<String>,
}

pub fn parse(text: &str) -> Result<Imported, OpmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut imported = Imported::default();
    // The folder each open outline stands for (None for feed outlines).
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = reader.read_event().map_err(|e| OpmlError::Invalid(clean_line(&e.to_string())))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                if name.as_ref() == "opml" {
                    saw_opml = true;
                }
                if name.as_ref() != "outline" {
                    continue;
                }
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(key))
                        .map(|a| clean_line(&crate::content::html_text::decode_entities(&a.value)))
                        .filter(|v| !v.is_empty())
                };
                let title = attr("title").or_else(|| attr("text"));
                match attr("xmlUrl") {
                    Some(url) => {
                        let web = crate::domain::is_web_url(&url);
                        if web && !imported.sources.iter().any(|s| s.url == url) {
                            let folder = folders.iter().rev().flatten().next().cloned();
                            imported.sources.push(SourceSpec { url, title, folder, ..Default::default() });
                        } else if !web {
                            imported.refused.push(format!(
                                "{}: not an http(s) address",
                                crate::domain::safe_text::mask(&url)
                            ));
                        }
                        if !empty {
                            folders.push(None);
                        }
                    }
                    None if !empty => folders.push(title),
                    None => {}
                }
            }
            Event::End(ref e) if e.local_name().as_ref() == "outline" => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err(OpmlError::Invalid("no <opml> element".into()));
    }
    Ok(imported)
}

fn escape(s: &str) -> String {
    quick_xml::escape::escape(clean_line(s).as_str()).into_owned()
}

/// An OPML document of `sources`, grouped by folder.
pub fn export(sources: &[Source]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>newsdesk sources</title></head>\n  <body>\n",
    );
    let line = |s: &Source, indent: &str| {
        format!(
            "{indent}<outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{u}\"{site}/>\n",
            t = escape(&s.title),
            u = escape(&s.url),
            site = s.site_url.as_deref().map(|h| format!(" htmlUrl=\"{}\"", escape(h))).unwrap_or_default()
        )
    };
    // Config order is kept: a folder's group stands where its first source stood.
    let mut done: Vec<&str> = Vec::new();
    for source in sources {
        match source.folder.as_deref() {
            None => out.push_str(&line(source, "    ")),
            Some(folder) if !done.contains(&folder) => {
                done.push(folder);
                out.push_str(&format!("    <outline text=\"{f}\" title=\"{f}\">\n", f = escape(folder)));
                for member in sources.iter().filter(|s| s.folder.as_deref() == Some(folder)) {
                    out.push_str(&line(member, "      "));
                }
                out.push_str("    </outline>\n");
            }
            Some(_) => {}
        }
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_refusals() {
        let opml = r#"<?xml version="1.0"?><opml version="1.0"><body>
            <outline text="World"><outline text="A &amp; B" xmlUrl="https://a.example/feed"/>
              <outline text="Inner"><outline title="C" xmlUrl="http://c.example/rss"/></outline></outline>
            <outline text="Top" xmlUrl="https://top.example/atom"/>
            <outline text="Bad" xmlUrl="file:///etc/passwd"/><outline text="Exec" xmlUrl="exec:rm -rf /"/>
            </body></opml>"#;
        let imported = parse(opml).expect("parses");
        let got: Vec<(&str, Option<&str>, Option<&str>)> = imported
            .sources
            .iter()
            .map(|s| (s.url.as_str(), s.title.as_deref(), s.folder.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("https://a.example/feed", Some("A & B"), Some("World")),
                ("http://c.example/rss", Some("C"), Some("Inner")),
                ("https://top.example/atom", Some("Top"), None),
            ]
        );
        assert_eq!(imported.refused.len(), 2);
        assert!(parse("<html></html>").is_err());
    }
}
