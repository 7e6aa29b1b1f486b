//! `newsdesk read`: one page in, its story out.

use super::output::{output_color, output_width};
use super::{ReadArgs, ReadFormat};
use crate::config::Config;
use crate::content::extract::{self, Article};
use crate::domain::{Story, StoryId};
use anyhow::{Result, anyhow};
use std::io::Write;

pub fn run(config: &Config, args: &ReadArgs) -> Result<i32> {
    let (input, url, charset) = (args.input.as_str(), args.url.as_deref(), args.charset.as_deref());
    let (format, width, body_only) = (args.format, args.width, args.body_only);
    let is_address = crate::domain::is_web_url(input);
    let (html, page_url) = if is_address {
        let (html, fetched_from) = fetch_html(config, input, charset)?;
        (html, Some(url.map_or(fetched_from, str::to_string)))
    } else {
        let bytes = std::fs::read(input)
            .map_err(|e| anyhow!("cannot read {}: {e}", crate::domain::safe_text::clean_line(input)))?;
        (extract::decode_html(&bytes, charset), url.filter(|u| !u.is_empty()).map(str::to_string))
    };
    let article = extract::extract(&html, page_url.as_deref())?;
    let story = story_of(&article, page_url.as_deref());
    let mut out = std::io::stdout().lock();
    let text = match format {
        ReadFormat::Text if body_only => crate::content::render::plain_paragraphs(&article.body),
        ReadFormat::Text | ReadFormat::Ansi => {
            let width = output_width(width);
            let doc = if body_only {
                crate::content::render::body(&article.body, page_url.as_deref(), width)
            } else {
                crate::content::render::article(
                    &crate::content::render::Header::of(&story),
                    &article.body,
                    width,
                )
            };
            super::output::to_terminal(&doc, format == ReadFormat::Ansi && output_color())
        }
        ReadFormat::Markdown if body_only => {
            crate::content::export::markdown_body(&article.body, page_url.as_deref())
        }
        ReadFormat::Markdown => String::from_utf8_lossy(&crate::content::export::render(
            &story,
            crate::content::export::Format::Markdown,
            80,
        ))
        .into_owned(),
        ReadFormat::Json => {
            let mut value = serde_json::to_value(&article)?;
            value["url"] = page_url.clone().map(serde_json::Value::String).unwrap_or(serde_json::Value::Null);
            value["text"] =
                serde_json::Value::String(crate::content::render::plain_paragraphs(&article.body));
            if body_only && let Some(map) = value.as_object_mut() {
                map.retain(|k, _| k == "body" || k == "text");
            }
            serde_json::to_string_pretty(&value)? + "\n"
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(0)
}

/// A story made of an extracted page, so that exports and layout work on it.
fn story_of(article: &Article, url: Option<&str>) -> Story {
    Story {
        source: article.site_name.clone().unwrap_or_else(|| {
            url.and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| u.host_str().map(crate::domain::SafeText::new))
                .unwrap_or_default()
        }),
        title: article.title.clone().unwrap_or_else(|| "(untitled)".into()),
        url: url.map(str::to_string),
        author: article.byline.clone(),
        published: article.published,
        full_text: Some(article.body.clone()),
        ..Story::blank(StoryId(0))
    }
}

/// Fetches one page for a command-line run and decodes it; `charset` overrides the server's.
/// Also gives the address its links resolve against (after redirects, or its Content-Location).
pub(super) fn fetch_html(config: &Config, url: &str, charset: Option<&str>) -> Result<(String, String)> {
    let fetcher = crate::fetch::http::Fetcher::new(config.http.clone()).map_err(|e| anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    match runtime.block_on(fetcher.get(url, &crate::domain::Validators::default())) {
        Ok(crate::fetch::http::Fetched::Body { bytes, content_type, base, .. }) => {
            let header_charset =
                content_type.as_deref().and_then(crate::content::html_text::charset_of_content_type);
            Ok((extract::decode_html(&bytes, charset.or(header_charset.as_deref())), base))
        }
        Ok(crate::fetch::http::Fetched::NotModified { .. }) => Err(anyhow!(
            "{}: the server answered 304 without a request for it",
            crate::domain::safe_text::mask(url)
        )),
        Err(e) => Err(anyhow!("{}: {e}", crate::domain::safe_text::mask(url))),
    }
}
