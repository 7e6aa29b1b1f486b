//! Removing what is never the story: before scoring, so the scorer is not misled by it, and
//! again inside the block the scorer chose.

use dom_query::{Document, NodeRef};

/// Elements whose content is never shown as text.
const NEVER_TEXT: &str = "script, style, template, svg, iframe, object, embed, canvas, link, meta";

/// Elements that are usually furniture, but that old or odd pages wrap whole stories in
/// (a `<form>` around the page body, say): removed only when they hold little of the text.
const USUALLY_FURNITURE: &str = "form, button, input, select, textarea, audio, video, dialog, nav, aside, \
    noscript, [hidden], [aria-hidden=\"true\"], [role=\"navigation\"], [role=\"banner\"], \
    [role=\"contentinfo\"], [role=\"complementary\"], [role=\"dialog\"], [role=\"alert\"]";

/// Words in a class or id that mark page furniture rather than the story. They are matched
/// against whole parts of a name (`share-bar` has the parts `share` and `bar`).
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "podcast",
    "podcasts",
    "player",
    "audio",
    "video",
    "related",
    "recommended",
    "recommendations",
    "promo",
    "promoted",
    "sponsored",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "tag",
    "taglist",
    "keywords",
    "cookie",
    "cookies",
    "consent",
    "popup",
    "modal",
    "paywall",
    "outbrain",
    "taboola",
    "sidebar",
    "widget",
    "widgets",
    "toolbar",
    "icon",
    "icons",
    "comments",
    "comment",
    "disqus",
    "byline",
    "dateline",
    "timestamp",
    "author",
    "meta",
    "print",
    "email",
    "follow",
    "more",
    "trending",
    "popular",
    "mostread",
    "nav",
    "navigation",
    "menu",
    "masthead",
    "footer",
    "header",
    "skip",
    "hidden",
    "visually",
    "sronly",
    "screenreader",
    "caption",
    "credit",
    "credits",
    "copyright",
];

/// Names that mark the story itself: an element with one of them is never removed.
const CONTENT_WORDS: &[&str] = &["article", "story", "content", "body", "text", "main", "post", "entry"];

fn name_parts(node: &NodeRef<'_>) -> Vec<String> {
    let mut parts = Vec::new();
    for attr in ["class", "id"] {
        if let Some(value) = node.attr(attr) {
            for name in value.split_whitespace() {
                let lower = name.to_ascii_lowercase();
                parts.extend(lower.split(['-', '_', ':', '.']).filter(|p| !p.is_empty()).map(str::to_string));
                parts.push(lower.replace(['-', '_'], ""));
            }
        }
    }
    parts
}

pub(crate) fn is_furniture(node: &NodeRef<'_>) -> bool {
    let parts = name_parts(node);
    if parts.is_empty() {
        return false;
    }
    let furniture = parts.iter().any(|p| FURNITURE_WORDS.contains(&p.as_str()));
    let content = parts.iter().any(|p| CONTENT_WORDS.contains(&p.as_str()));
    furniture && !content
}

fn text_len(node: &NodeRef<'_>) -> usize {
    node.text().split_whitespace().map(|w| w.len() + 1).sum()
}

/// Removes furniture from the whole page before the main block is chosen. A named element
/// is spared when it holds much of the page's text: then its name misleads.
pub fn before_scoring(doc: &Document) {
    doc.select(NEVER_TEXT).remove();
    remove_invisible(doc);
    let total = doc.select("body").nodes().first().map(text_len).unwrap_or(0).max(1);
    let mut candidates: Vec<NodeRef<'_>> = doc.select(USUALLY_FURNITURE).nodes().to_vec();
    candidates.extend(
        doc.select(
            "div, section, span, ul, ol, p, header, footer, figure, figcaption, a, li, table, time, small",
        )
        .nodes()
        .iter()
        // A name can mislead (Blogger puts whole posts in a "widget"): spare real prose.
        .filter(|n| is_furniture(n) && unlinked_words(n) < 60)
        .cloned(),
    );
    remove_minor(candidates, total);
}

/// Words of a node's text that are not inside links.
fn unlinked_words(node: &NodeRef<'_>) -> usize {
    let all = node.text().split_whitespace().count();
    let linked: usize = node.find(&["a"]).iter().map(|a| a.text().split_whitespace().count()).sum();
    all.saturating_sub(linked)
}

/// Removes the nodes that hold less than a third of `total` text and no `<article>`.
fn remove_minor(nodes: Vec<NodeRef<'_>>, total: usize) {
    for node in nodes {
        if text_len(&node) * 3 < total && node.find(&["article"]).is_empty() {
            node.remove_from_parent();
        }
    }
}

fn remove_invisible(doc: &Document) {
    let hidden: Vec<NodeRef<'_>> = doc
        .select("[style]")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("style").is_some_and(|s| {
                let s = s.to_ascii_lowercase().replace(' ', "");
                s.contains("display:none") || s.contains("visibility:hidden")
            })
        })
        .cloned()
        .collect();
    for node in hidden {
        node.remove_from_parent();
    }
}

/// Cleans the chosen block: furniture again, the repeated headline, link lists.
pub fn after_scoring(content: &str, title: Option<&str>) -> String {
    let doc = Document::from(content);
    doc.select(NEVER_TEXT).remove();
    let total = doc.select("body").nodes().first().map(text_len).unwrap_or(0).max(1);
    let mut furniture: Vec<NodeRef<'_>> = doc.select(USUALLY_FURNITURE).nodes().to_vec();
    furniture.extend(doc.select("*").nodes().iter().filter(|n| is_furniture(n)).cloned());
    remove_minor(furniture, total);
    if let Some(title) = title {
        let title = normalise(title);
        let repeated: Vec<NodeRef<'_>> = doc
            .select("h1, h2, h3")
            .nodes()
            .iter()
            .filter(|h| {
                let text = normalise(&h.text());
                !text.is_empty() && (title.starts_with(&text) || text.starts_with(&title))
            })
            .cloned()
            .collect();
        for node in repeated {
            node.remove_from_parent();
        }
    }
    remove_link_lists(&doc);
    remove_notices(&doc);
    cut_comments(&doc);
    trim_edges(&doc);
    doc.select("body").inner_html().to_string()
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Lists and blocks made mostly of links (related stories, tag clouds) are not the story.
fn remove_link_lists(doc: &Document) {
    let lists: Vec<NodeRef<'_>> = doc
        .select("ul, ol, div, p")
        .nodes()
        .iter()
        .filter(|n| {
            let all = text_len(n);
            let linked: usize = n.find(&["a"]).iter().map(text_len).sum();
            all > 0 && linked * 10 >= all * 8 && all < 400
        })
        .cloned()
        .collect();
    for node in lists {
        node.remove_from_parent();
    }
}

/// Copyright and rights notices: the page's, not the story's.
fn remove_notices(doc: &Document) {
    let notices: Vec<NodeRef<'_>> = doc
        .select("p, div, span, small, li, td")
        .nodes()
        .iter()
        .filter(|n| {
            let text = n.text();
            let text = text.trim();
            let words = text.split_whitespace().count();
            let lower = text.to_lowercase();
            words > 0
                && words < 40
                && (text.starts_with('©')
                    || lower.starts_with("copyright")
                    || lower.contains("all rights reserved")
                    || lower.contains("may not be reproduced")
                    || lower.contains("may not be published, broadcast"))
        })
        .cloned()
        .collect();
    for node in notices {
        node.remove_from_parent();
    }
}

/// Blocks that hold text directly, in document order.
fn text_blocks<'a>(doc: &'a Document) -> Vec<NodeRef<'a>> {
    const BLOCKS: &str =
        "p, li, h1, h2, h3, h4, h5, h6, td, th, dd, dt, blockquote, pre, div, section, figcaption";
    doc.select(BLOCKS)
        .nodes()
        .iter()
        .filter(|n| {
            // A leaf block: no block element below it holds text of its own.
            n.find(&["p"]).is_empty()
                && n.find(&["div"]).is_empty()
                && n.find(&["li"]).is_empty()
                && n.find(&["td"]).is_empty()
                && !n.text().trim().is_empty()
        })
        .cloned()
        .collect()
}

/// Words in the blocks of `html` that read like prose: how much story a result holds.
pub fn prose_words(html: &str) -> usize {
    let doc = Document::from(html);
    text_blocks(&doc)
        .iter()
        .filter(|b| reads_like_prose(b))
        .map(|b| b.text().split_whitespace().count())
        .sum()
}

/// Whether a block reads like a sentence of the story: enough words, few of them linked,
/// ending like a sentence.
fn reads_like_prose(node: &NodeRef<'_>) -> bool {
    let text = node.text();
    let words = text.split_whitespace().count();
    let linked: usize = node.find(&["a"]).iter().map(|a| a.text().split_whitespace().count()).sum();
    let ends = text.trim_end().ends_with(['.', '!', '?', '"', '”', '’', ':', ')', '…', '。']);
    words >= 8 && linked * 2 < words && (ends || words >= 25)
}

/// Drops the fragments before the first and after the last prose block: menus, labels and
/// link rows that the chosen block took along. Headings just before prose stay.
fn trim_edges(doc: &Document) {
    let blocks = text_blocks(doc);
    let Some(first) = blocks.iter().position(reads_like_prose) else { return };
    let Some(last) = blocks.iter().rposition(reads_like_prose) else { return };
    let is_heading = |n: &NodeRef<'_>| {
        n.node_name().is_some_and(|name| matches!(&*name, "h2" | "h3" | "h4" | "h5" | "h6"))
    };
    for (i, node) in blocks.iter().enumerate() {
        let before = i < first && !(i + 1 == first && is_heading(node));
        let after = i > last;
        if (before || after) && !node.is("pre, blockquote") {
            node.remove_from_parent();
        }
    }
}

/// Whether a short block is the heading of a comment thread.
fn is_comments_heading(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let phrase = words.join(" ");
    const HEADINGS: &[&str] = &[
        "comments",
        "comment",
        "reader comments",
        "readers comments",
        "readers' comments",
        "your comments",
        "user comments",
        "leave a comment",
        "post a comment",
        "add a comment",
        "add your comment",
        "add your comments",
        "have your say",
        "join the discussion",
        "join the conversation",
        "responses",
        "trackbacks",
        "comments are closed",
        "comments closed",
        "thanks for your comments",
        "what do you think",
        "comment on this story",
        "comment on this article",
        "discuss this article",
        "view comments",
        "show comments",
        "readers respond",
        "reader reactions",
    ];
    HEADINGS.contains(&phrase.as_str())
}

/// A comment thread after the story is not the story: everything from its heading on goes.
/// A bare "Comments" counts only as a heading element (elsewhere it is often a tab or a
/// link), and at least a paragraph's worth of prose must come before it.
fn cut_comments(doc: &Document) {
    let blocks = text_blocks(doc);
    let mut prose_words = 0;
    let mut cut = None;
    for (i, node) in blocks.iter().enumerate() {
        let text = node.text();
        if prose_words >= 60 && is_comments_heading(&text) && node.find(&["a"]).is_empty() {
            let single_word =
                text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() == 1;
            let heading = node
                .node_name()
                .is_some_and(|n| matches!(&*n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt"));
            if !single_word || heading {
                cut = Some(i);
                break;
            }
        }
        if reads_like_prose(node) {
            prose_words += text.split_whitespace().count();
        }
    }
    if let Some(at) = cut {
        for node in &blocks[at..] {
            node.remove_from_parent();
        }
    }
}
