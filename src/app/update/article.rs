//! The open article: laying it out at the pane's width, its full text, sideways scrolling.

use super::set_status;
use crate::app::layout;
use crate::app::{AppState, Effect, OpenArticle, Pane, StatusKind};
use crate::content::render::{self, Header};
use crate::domain::{Story, StoryId};

pub(super) fn open(state: &mut AppState, story: Story) {
    let width = layout::article_text_width(state.width);
    let doc = lay_out(&story, width, false);
    state.article = Some(OpenArticle { story, doc, scroll: 0, feed_text: false, h_scroll: 0 });
    state.focus = Pane::Article;
}

/// Lays a story out at `width`, showing its full text unless `feed_text` is asked for.
fn lay_out(story: &Story, width: usize, feed_text: bool) -> render::StyledDoc {
    let mut header = Header::of(story);
    let has_full = story.full_text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let html = if has_full && !feed_text { story.body_html() } else { story.feed_html() };
    header.kind = match (has_full, feed_text) {
        (true, false) => Some("full text"),
        (true, true) => Some("feed text"),
        (false, _) => None,
    };
    render::article(&header, html, width)
}

/// Lays the open article out again when its pane width changed.
pub(super) fn relayout(state: &mut AppState) {
    let width = layout::article_text_width(state.width);
    if let Some(article) = state.article.as_mut()
        && article.doc.width != width
    {
        article.doc = lay_out(&article.story, width, article.feed_text);
        article.scroll = article.scroll.min(article.doc.lines.len().saturating_sub(1));
    }
}

/// A story's page was extracted: the open article shows it at once.
pub(super) fn full_text_arrived(state: &mut AppState, id: StoryId, result: Result<String, String>) {
    let width = layout::article_text_width(state.width);
    if let (Ok(html), Some(article)) = (result, state.article.as_mut().filter(|a| a.story.id == id)) {
        article.story.full_text = Some(html);
        article.feed_text = false;
        article.doc = lay_out(&article.story, width, false);
    }
}

/// Switches between the full text and the feed's own text.
pub(super) fn toggle_full_text(state: &mut AppState) -> Vec<Effect> {
    let width = layout::article_text_width(state.width);
    let Some(article) = state.article.as_mut() else { return Vec::new() };
    if article.story.full_text.is_none() {
        set_status(state, "no full text yet: press F to fetch it".into(), StatusKind::Info);
        return Vec::new();
    }
    article.feed_text = !article.feed_text;
    article.doc = lay_out(&article.story, width, article.feed_text);
    article.scroll = 0;
    Vec::new()
}

/// Scrolls preformatted lines wider than the pane by eight columns.
pub(super) fn scroll_sideways(state: &mut AppState, right: bool) -> Vec<Effect> {
    if let Some(article) = state.article.as_mut().filter(|_| state.focus == Pane::Article) {
        let widest =
            article.doc.lines.iter().map(|l| unicode_width::UnicodeWidthStr::width(l.text().as_str())).max();
        let limit = widest.unwrap_or(0).saturating_sub(article.doc.width);
        article.h_scroll =
            if right { (article.h_scroll + 8).min(limit) } else { article.h_scroll.saturating_sub(8) };
    }
    Vec::new()
}
