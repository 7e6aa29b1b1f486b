//! Extraction and rendering of whole pages written for these tests.

mod common;

use newsdesk::content::extract::{decode_html, extract};
use newsdesk::content::render::{self, Header};

fn page(name: &str) -> String {
    decode_html(&common::fixture(&format!("pages/{name}")), None)
}

fn body_text(name: &str) -> String {
    let article = extract(&page(name), Some("https://news.example/story")).expect("extracts");
    render::plain_paragraphs(&article.body)
}

fn rendered(name: &str, width: usize) -> String {
    let article = extract(&page(name), Some("https://news.example/story")).expect("extracts");
    let header = Header {
        title: article.title.as_deref().unwrap_or(""),
        source: article.site_name.as_deref().unwrap_or("news.example"),
        author: article.byline.as_deref(),
        published: article.published,
        url: Some("https://news.example/story"),
        kind: Some("full text"),
    };
    render::article(&header, &article.body, width).plain_text()
}

#[test]
fn seed_like_chrome_is_gone_and_the_story_stays() {
    let text = body_text("chrome-news.html");
    for kept in [
        "The harbour authority approved plans for a new ferry terminal on Tuesday",
        "The terminal will replace the wooden pier at Mill Point",
        "“We listened to the people who use the ferries every day,” said the authority's chair",
        "The project will cost 14 million, two thirds of it paid by the regional government.",
    ] {
        assert!(text.contains(kept), "missing {kept:?} in:\n{text}");
    }
    for junk in [
        "icon",
        "Podcasts",
        "0:00",
        "25:36",
        "26:25",
        "Share this story",
        "newsletter",
        "Sign up",
        "More from",
        "School roof",
        "©",
        "All rights reserved",
        "Weather",
        "morning briefing",
        "14 Oct, 2026",
    ] {
        assert!(!text.contains(junk), "{junk:?} should be gone:\n{text}");
    }
    assert!(
        !text.contains("Harbour authority approves new ferry terminal"),
        "no headline in the body:\n{text}"
    );
}

#[test]
fn metadata_comes_from_json_ld_and_meta_tags() {
    let article = extract(&page("chrome-news.html"), Some("https://news.example/story")).expect("extracts");
    assert_eq!(article.title.as_deref(), Some("Harbour authority approves new ferry terminal"));
    assert_eq!(article.byline.as_deref(), Some("Ada Brook"));
    assert_eq!(article.site_name.as_deref(), Some("Lakeside Courier"));
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(article.published.map(|d| d.to_rfc3339()).as_deref(), Some("2026-10-14T07:30:00+00:00"));
}

#[test]
fn pages_render_as_expected() {
    for name in ["chrome-news.html", "table-code.html", "cjk.html", "rtl.html"] {
        insta::assert_snapshot!(format!("render_{name}"), rendered(name, 80));
    }
}

#[test]
fn tables_fit_80_columns_and_code_is_not_reflowed() {
    let text = rendered("table-code.html", 80);
    for line in text.lines() {
        if !line.contains("deliberately") {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "too wide: {line:?}");
        }
    }
    assert!(text.contains("$ compiler build --warn unused-results --warn shadowed-loop-variable"), "{text}");
    assert!(text.contains("game engine"), "{text}");
}

#[test]
fn wide_characters_wrap_by_display_width_and_bidi_overrides_go() {
    for line in rendered("cjk.html", 40).lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 40, "too wide: {line:?}");
    }
    let rtl = rendered("rtl.html", 60);
    assert!(rtl.contains("وافقت سلطة الميناء"), "{rtl}");
    assert!(!rtl.contains('\u{202e}') && !rtl.contains('\u{202c}'), "bidi overrides removed");
    assert!(!rtl.contains("شارك"), "share bar removed: {rtl}");
}

#[test]
fn hostile_pages_finish_with_text() {
    let prose =
        "<p>Real story text with enough words in it to count as prose for any extractor.</p>".repeat(3);
    let nested =
        format!("<html><body>{}{prose}{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let tables = format!(
        "<body>{}{prose}{}</body>",
        "<table><tr><td>".repeat(3000),
        "</td></tr></table>".repeat(3000)
    );
    let spans = format!(
        "<body>{prose}<table><tr><td colspan=\"9007199254740992\">a</td><td rowspan=\"0\">b</td>\
         <td colspan=\"0\">c</td><td colspan=\"100000\">d</td></tr></table></body>"
    );
    let huge = format!("<body>{}</body>", prose.repeat(80_000)); // about 20 MB
    let unclosed = format!("<body>{}{prose}", "<b><i><span>".repeat(30_000));
    for (name, html) in
        [("nested", nested), ("tables", tables), ("spans", spans), ("huge", huge), ("unclosed", unclosed)]
    {
        assert!(html.len() > 100, "{name}");
        let article = extract(&html, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = render::plain_paragraphs(&article.body);
        assert!(
            text.contains("Real story text with enough words"),
            "{name}: {}",
            &text[..text.len().min(200)]
        );
        let doc = render::body(&article.body, None, 80);
        assert!(doc.plain_text().contains("Real story text"), "{name}");
    }
}

#[test]
fn scripts_styles_and_templates_never_show() {
    let html = "<body><article><p>Visible story paragraph with plenty of words to be chosen as the text.</p>\
                <script>document.write('SCRIPT TEXT')</script><style>.x{content:'STYLE TEXT'}</style>\
                <template><p>TEMPLATE TEXT</p></template><noscript>NOSCRIPT TEXT</noscript>\
                <p>Second paragraph of the same story, again long enough to be kept by the extractor.</p></article></body>";
    let text = body_text_of(html);
    assert!(text.contains("Visible story paragraph"));
    for hidden in ["SCRIPT TEXT", "STYLE TEXT", "TEMPLATE TEXT", "NOSCRIPT TEXT"] {
        assert!(!text.contains(hidden), "{hidden} shown: {text}");
    }
}

fn body_text_of(html: &str) -> String {
    render::plain_paragraphs(&extract(html, None).expect("extracts").body)
}

#[test]
fn unusual_encodings_are_decoded() {
    let cyrillic = b"<html><head><meta charset=\"windows-1251\"></head><body><article><p>\xcd\xee\xe2\xee\xf1\xf2\xe8 \xe4\xed\xff: \xef\xee\xf0\xf2 \xee\xf2\xea\xf0\xfb\xf2 \xe2\xed\xee\xe2\xfc, \xf1\xea\xe0\xe7\xe0\xeb \xe4\xe8\xf0\xe5\xea\xf2\xee\xf0 \xef\xee\xf0\xf2\xe0 \xe2 \xf1\xf0\xe5\xe4\xf3 \xf3\xf2\xf0\xee\xec.</p></article></body></html>";
    let text = body_text_of(&decode_html(cyrillic, None));
    assert!(text.contains("Новости дня: порт открыт вновь"), "{text}");
    let sjis = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body><p>\x93\xfa\x96\x7b\x82\xcc\x83\x6a\x83\x85\x81\x5b\x83\x58</p></body></html>";
    let text = body_text_of(&decode_html(sjis, None));
    assert!(text.contains("日本のニュース"), "{text}");
}
