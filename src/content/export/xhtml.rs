//! Story HTML as well-formed XHTML with a small set of safe elements, for EPUB chapters and
//! standalone HTML exports: no scripts, styles, frames, forms or event attributes survive.

use crate::content::html_text::escape;
use dom_query::{Document, NodeRef};

/// Elements kept as they are; everything else is replaced by its children.
const KEPT: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "em",
    "i",
    "strong",
    "b",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "sub",
    "sup",
    "del",
    "s",
    "a",
    "dl",
    "dt",
    "dd",
];
/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "form", "input", "button", "select",
    "textarea", "svg", "canvas", "noscript", "head", "title", "meta", "link",
];

/// `html` as XHTML made of safe elements; links stay only for http(s) and mailto targets,
/// resolved against `base`; images become their alt text in brackets.
pub fn safe(html: &str, base: Option<&str>) -> String {
    let html = crate::content::html_guard::bound(crate::domain::safe_text::truncate_bytes(html, 4 << 20));
    let doc = Document::from(crate::domain::safe_text::clean_block(&html).as_str());
    let base = base.and_then(|b| url::Url::parse(b).ok());
    let mut out = String::with_capacity(html.len());
    if let Some(body) = doc.select("body").nodes().first() {
        for child in body.children() {
            write_node(&child, base.as_ref(), &mut out, 0);
        }
    }
    out
}

fn write_node(node: &NodeRef<'_>, base: Option<&url::Url>, out: &mut String, depth: usize) {
    if node.is_text() {
        out.push_str(&escape(&crate::domain::safe_text::clean_block(&node.text())));
        return;
    }
    // The guard already cut the nesting; a parser may add a level per table part, hence twice.
    if !node.is_element() || depth > 2 * crate::content::html_guard::MAX_DEPTH {
        return;
    }
    let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
    if DROPPED.contains(&name.as_str()) {
        return;
    }
    if name == "img" {
        let alt = node.attr("alt").map(|a| crate::domain::safe_text::clean_line(&a)).unwrap_or_default();
        if !alt.is_empty() {
            out.push_str(&format!("[{}]", escape(&alt)));
        }
        return;
    }
    let kept = KEPT.contains(&name.as_str());
    if kept && matches!(name.as_str(), "br" | "hr") {
        out.push_str(&format!("<{name}/>"));
        return;
    }
    if kept {
        out.push('<');
        out.push_str(&name);
        if name == "a"
            && let Some(href) = node.attr("href")
        {
            let target = match base {
                Some(b) => b.join(href.trim()).ok(),
                None => url::Url::parse(href.trim()).ok(),
            };
            if let Some(target) = target.filter(|u| matches!(u.scheme(), "http" | "https" | "mailto")) {
                out.push_str(&format!(" href=\"{}\"", escape(target.as_str())));
            }
        }
        out.push('>');
    }
    for child in node.children() {
        write_node(&child, base, out, depth + 1);
    }
    if kept {
        out.push_str(&format!("</{name}>"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_well_formed_markup_remains() {
        let html = "<p onclick=\"evil()\">Hi <b>there</b><br><img src=x alt='A &amp; B'><script>alert(1)</script>\
                    <a href=\"javascript:alert(1)\">js</a> <a href=\"/x?a=1&b=2\">rel</a></p><iframe src=//x></iframe>";
        assert_eq!(
            safe(html, Some("https://site.example/a/")),
            "<p>Hi <b>there</b><br/>[A &amp; B]<a>js</a> <a href=\"https://site.example/x?a=1&amp;b=2\">rel</a></p>"
        );
    }
}
