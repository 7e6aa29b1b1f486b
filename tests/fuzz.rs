//! Property tests over what comes from outside: feeds, pages, stories to export, OPML, the
//! query syntax and config files. Each property holds for any input: no panic, and nothing
//! that reaches a terminal carries a control character. CI runs a bounded number of cases;
//! `scripts/fuzz` runs many more (NEWSDESK_FUZZ_CASES).

use newsdesk::content::{export, extract, feed, render};
use newsdesk::domain::{Story, StoryId};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("NEWSDESK_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text a terminal would act on: control characters other than newline.
fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

/// Pieces real feeds and pages are made of, to be shuffled into hostile documents.
fn markup_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<rss version=\"2.0\"><channel>".to_string()),
        Just("<item><title>".to_string()),
        Just("</title></item>".to_string()),
        Just("<entry><title type=\"html\">".to_string()),
        Just("<![CDATA[".to_string()),
        Just("]]>".to_string()),
        Just("&amp;&mdash;&#27;&#x9b;&bogus;".to_string()),
        Just("<div><p><table><tr><td>".to_string()),
        Just("</td></tr></table></p></div>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("\u{1b}[31m\u{1b}]8;;http://x\u{7}\u{9b}2J".to_string()),
        Just("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[".to_string()),
        Just("<pubDate>Feb 30 99999</pubDate>".to_string()),
        "[ -~]{0,40}".prop_map(|s| s.to_string()),
        "\\PC{0,20}".prop_map(|s| s.to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(markup_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_feed_document_parses_or_fails_cleanly(doc in document(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut input = doc.into_bytes();
        input.extend(bytes);
        if let Ok(parsed) = feed::parse(&input, Some("application/xml"), "http://127.0.0.1/feed") {
            for item in &parsed.items {
                prop_assert!(!has_control(&item.title), "{:?}", item.title);
                prop_assert!(!item.author.as_deref().is_some_and(has_control));
            }
            prop_assert!(!parsed.title.as_deref().is_some_and(has_control));
        }
    }

    #[test]
    fn hostile_text_in_a_valid_feed_keeps_every_item_and_no_control(
        titles in prop::collection::vec("(\\PC|[\u{1b}\u{7}\u{9b}\u{202e}&<>\\[\\]])(\\PC|[\u{1b}\u{7}\u{9b}\u{202e}&<>\\[\\]]){0,30}", 1..20),
        cdata in any::<bool>(),
    ) {
        let items: String = titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let title = if cdata { format!("<![CDATA[{}]]>", t.replace("]]>", "")) } else { t.replace('&', "&amp;").replace('<', "&lt;") };
                format!("<item><title>{title}</title><guid>g{i}</guid><description>{title}</description></item>")
            })
            .collect();
        let xml = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>");
        let parsed = feed::parse(xml.as_bytes(), None, "http://127.0.0.1/feed");
        prop_assert!(parsed.is_ok(), "{:?}", parsed);
        let parsed = parsed.unwrap_or_default();
        prop_assert_eq!(parsed.items.len(), titles.len());
        for item in &parsed.items {
            prop_assert!(!has_control(&item.title), "{:?}", item.title);
            prop_assert!(!item.title.contains("[31m"));
        }
    }

    #[test]
    fn any_page_extracts_renders_and_exports_without_controls(doc in document(), width in 1usize..200) {
        if let Ok(article) = extract::extract(&doc, Some("http://127.0.0.1/page")) {
            prop_assert!(!article.title.as_deref().is_some_and(has_control));
            let story = Story { title: "T".into(), content: Some(article.body.clone()), ..Story::blank(StoryId(1)) };
            for format in export::Format::ALL {
                let _ = export::render(&story, format, 80);
            }
        }
        let doc = render::body(&doc, Some("http://127.0.0.1/"), width);
        for line in &doc.lines {
            prop_assert!(!has_control(&line.text()), "{:?}", line.text());
        }
        let text = String::from_utf8_lossy(&export::render(
            &Story { content: Some(doc.plain_text()), ..Story::blank(StoryId(2)) },
            export::Format::Markdown,
            80,
        ))
        .into_owned();
        prop_assert!(!has_control(&text.replace('\t', "")));
    }

    #[test]
    fn any_opml_is_read_or_refused(doc in document(), url in "[ -~]{0,30}") {
        let text = format!("<opml><body><outline xmlUrl=\"{url}\" text=\"t\"/>{doc}</body></opml>");
        if let Ok(imported) = newsdesk::config::opml::parse(&text) {
            for source in &imported.sources {
                prop_assert!(newsdesk::domain::is_web_url(&source.url), "{}", source.url);
            }
        }
    }

    #[test]
    fn any_query_parses_or_names_its_problem(query in "\\PC{0,60}") {
        match newsdesk::domain::query::parse(&query) {
            Ok(parsed) => {
                // The full-text expression is made of quoted terms only: user text cannot
                // become FTS5 syntax.
                if let Some(text) = parsed.filter().text {
                    prop_assert_eq!(text.matches('"').count() % 2, 0, "{}", text);
                }
            }
            Err(e) => prop_assert!(!has_control(&e.to_string())),
        }
    }

    #[test]
    fn any_config_text_loads_or_names_file_and_line(text in "\\PC{0,200}", lines in prop::collection::vec("[a-z_\\[\\]= \"0-9.:/]{0,40}", 0..12)) {
        let text = format!("{text}\n{}", lines.join("\n"));
        match newsdesk::config::Config::parse(&text, std::path::Path::new("fuzz.toml")) {
            Ok(config) => {
                for problem in &config.problems {
                    prop_assert!(problem.starts_with("config file fuzz.toml: line "), "{}", problem);
                }
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("config file fuzz.toml: "), "{}", message);
                prop_assert!(!message.contains('\n'), "{}", message);
            }
        }
    }
}
