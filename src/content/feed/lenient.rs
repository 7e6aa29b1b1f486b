//! Repairs tried only when a document fails to parse: feed-rs gives up on a whole feed for
//! one element it does not accept, where a reader should lose at most that element.

/// `document` with what feed-rs is known to refuse made acceptable, or `None` when nothing
/// of the kind was found (and a second try would fail the same way).
pub(super) fn repaired(document: &str) -> Option<String> {
    // An empty CDATA section is no text at all.
    let mut fixed = embedded_feed(document).unwrap_or(document).replace("<![CDATA[]]>", "");
    fixed = without_empty_text_elements(&fixed);
    fixed = with_readable_text_types(&fixed);
    fixed = with_channel(fixed);
    // A document cut short keeps only its whole items; one with none is not read at all, as
    // a half-downloaded item would show a wrong title and text.
    if is_cut_short(&fixed) {
        fixed = cut_after_last_whole_item(fixed)?;
    }
    fixed = balanced(&fixed);
    (fixed != document).then_some(fixed)
}

/// Whether the document breaks off before its root element's end (a download cut short).
fn is_cut_short(document: &str) -> bool {
    let tail = document.trim_end();
    !["</rss>", "</feed>", "</rdf:RDF>"].iter().any(|end| tail.ends_with(end))
}

/// The document up to its last whole item, closed again; `None` when no item is whole.
fn cut_after_last_whole_item(document: String) -> Option<String> {
    let cut = ["</item>", "</entry>"]
        .iter()
        .filter_map(|end| document.rfind(end).map(|at| at + end.len()))
        .max()?;
    Some(super::repair::closed_at(document, cut))
}

/// A feed inside an HTML page (a `<feed>` or `<rss>` in its body): the feed alone.
fn embedded_feed(document: &str) -> Option<&str> {
    ["feed", "rss", "rdf:RDF"].iter().find_map(|name| {
        let start = find_start_tag(document, name, 0)?;
        if start == 0
            || document[..start].trim_start().starts_with("<?xml") && !document[..start].contains("<html")
        {
            return None;
        }
        let close = format!("</{name}>");
        let end = document.rfind(&close).map_or(document.len(), |e| e + close.len());
        Some(&document[start..end.max(start)])
    })
}

/// Where the start tag `<name` (not of a longer name) first is at or after `from`.
fn find_start_tag(document: &str, name: &str, from: usize) -> Option<usize> {
    let open = format!("<{name}");
    let mut at = from;
    while let Some(found) = document[at..].find(&open).map(|f| at + f) {
        let after = &document[found + open.len()..];
        if after.starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace()) {
            return Some(found);
        }
        at = found + open.len();
    }
    None
}

/// Text elements that feed-rs requires to hold text, taken out when they are empty
/// (`<media:description/>`, `<summary></summary>`).
fn without_empty_text_elements(document: &str) -> String {
    const NAMES: &[&str] = &[
        "media:description",
        "media:title",
        "media:text",
        "title",
        "subtitle",
        "summary",
        "content",
        "rights",
    ];
    let mut out = document.to_string();
    for name in NAMES {
        let open = format!("<{name}");
        let close = format!("</{name}>");
        let mut from = 0;
        while let Some(start) = find_start_tag(&out, name, from) {
            let Some(tag_end) = out[start..].find('>').map(|e| start + e + 1) else { break };
            let self_closed = out[..tag_end].ends_with("/>");
            // An element with a `src` points at its content elsewhere and may be empty.
            let points_away = out[start..tag_end].contains(" src=");
            let empty_end = (!self_closed)
                .then(|| out[tag_end..].trim_start().starts_with(&close))
                .filter(|empty| *empty)
                .and_then(|_| out[tag_end..].find(&close).map(|e| tag_end + e + close.len()));
            match (self_closed || empty_end.is_some()) && !points_away {
                true => out.replace_range(start..empty_end.unwrap_or(tag_end), ""),
                false => from = start + open.len(),
            }
        }
    }
    out
}

/// Atom text types feed-rs does not read as text (`text/plain`, `application/xhtml+xml`,
/// `application/xml`), written as the three Atom names; and an inline `<content>` that also
/// has a `src`, read as inline.
fn with_readable_text_types(document: &str) -> String {
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        let is_text_element = ["<title", "<subtitle", "<summary", "<content", "<rights"]
            .iter()
            .any(|name| tag.starts_with(name) && tag[name.len()..].starts_with(|c: char| c.is_whitespace()));
        if is_text_element {
            out.push_str(&readable_tag(tag, !rest[tag_end..].trim_start().starts_with("</")));
        } else {
            out.push_str(tag);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

fn readable_tag(tag: &str, has_body: bool) -> String {
    let mut tag = tag.to_string();
    if let Some((start, end)) = attribute_value(&tag, "type") {
        let value = tag[start..end].to_ascii_lowercase();
        let readable = if value.contains("xhtml") || value.ends_with("xml") {
            "xhtml"
        } else if value.contains("html") {
            "html"
        } else {
            // text, text/plain, or a type no reader knows: the text as it is.
            "text"
        };
        tag.replace_range(start..end, readable);
    }
    if has_body && tag.contains(" src=") {
        tag = tag.replace(" src=", " data-src=");
    }
    tag
}

/// Where the quoted value of the attribute `name` lies in `tag`.
fn attribute_value(tag: &str, name: &str) -> Option<(usize, usize)> {
    let at = tag.match_indices(name).find(|(at, _)| tag[..*at].ends_with(char::is_whitespace))?.0;
    let after = &tag[at + name.len()..];
    let eq = after.find('=').filter(|&e| after[..e].trim().is_empty())?;
    let value = &after[eq + 1..];
    let lead = value.len() - value.trim_start().len();
    let quote = value.trim_start().chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let start = at + name.len() + eq + 1 + lead + 1;
    let end = start + tag[start..].find(quote)?;
    Some((start, end))
}

/// An `<rss>` with no `<channel>` (a podcast's `<redirect>`, say) as an empty channel.
fn with_channel(document: String) -> String {
    let Some(start) = find_start_tag(&document, "rss", 0) else { return document };
    if find_start_tag(&document, "channel", start).is_some() {
        return document;
    }
    let Some(tag_end) = document[start..].find('>').map(|e| start + e + 1) else { return document };
    if document[..tag_end].ends_with("/>") {
        return document;
    }
    format!("{}<channel><title></title></channel>{}", &document[..tag_end], &document[tag_end..])
}

/// The document with its elements balanced: an end tag closes the elements left open inside
/// the one it names, an end tag that closes nothing open goes, and what is open at the end is
/// closed. That is how a lax reader takes `<itunes:category text='a'>` never closed.
fn balanced(document: &str) -> String {
    let mut out = String::with_capacity(document.len() + 64);
    let mut open: Vec<&str> = Vec::new();
    let mut rest = document;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Markup that is not an element is copied whole.
        if let Some(end) = [("<![CDATA[", "]]>"), ("<!--", "-->"), ("<?", "?>"), ("<!", ">")]
            .iter()
            .find(|(start, _)| rest.starts_with(start))
            .map(|(_, end)| rest.find(end).map_or(rest.len(), |e| e + end.len()))
        {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(tag_end) = tag_end(rest) else {
            break;
        };
        let tag = &rest[..tag_end];
        let name = tag
            .trim_start_matches(['<', '/'])
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        if let Some(closing) = tag.strip_prefix("</").map(|_| name) {
            if let Some(depth) = open.iter().rposition(|n| *n == closing) {
                for unclosed in open.drain(depth..).skip(1).rev() {
                    out.push_str(&format!("</{unclosed}>"));
                }
                out.push_str(tag);
            }
        } else {
            out.push_str(tag);
            if !tag.ends_with("/>") && !name.is_empty() {
                open.push(name);
            }
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    for unclosed in open.iter().rev() {
        out.push_str(&format!("</{unclosed}>"));
    }
    out
}

/// Where the tag at the start of `rest` ends, past its `>`; a `>` inside a quoted attribute
/// value does not end it.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(at + 1),
            _ => {}
        }
    }
    None
}
