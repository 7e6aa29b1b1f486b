//! Finding the feed behind an address a user typed: the address itself, the feeds its page
//! announces, or the usual feed paths of its site.

use crate::fetch::http::{Fetched, Fetcher};

/// What an address turned out to be.
enum Found {
    Feed(Option<crate::domain::SafeText>),
    Page(String),
}

async fn probe(fetcher: &Fetcher, url: &str) -> Result<Found, String> {
    match fetcher.get(url, &crate::domain::Validators::default()).await {
        Ok(Fetched::Body { bytes, content_type, base, .. }) => {
            match crate::content::feed::parse(&bytes, content_type.as_deref(), &base) {
                Ok(feed) => Ok(Found::Feed(feed.title)),
                Err(_) => {
                    let charset =
                        content_type.as_deref().and_then(crate::content::html_text::charset_of_content_type);
                    Ok(Found::Page(crate::content::extract::decode_html(&bytes, charset.as_deref())))
                }
            }
        }
        Ok(Fetched::NotModified { .. }) => {
            Err(format!("{}: the server answered 304 Not Modified", crate::domain::safe_text::mask(url)))
        }
        Err(e) => Err(format!("{}: {e}", crate::domain::safe_text::mask(url))),
    }
}

/// The feeds behind `url`: itself when it is a feed, else the ones its page announces,
/// else the first of the common feed paths that answers with a feed.
pub async fn discover_feeds(
    fetcher: &Fetcher,
    url: &str,
) -> Result<Vec<crate::content::feed_links::FeedLink>, String> {
    let page = match probe(fetcher, url).await? {
        Found::Feed(title) => {
            return Ok(vec![crate::content::feed_links::FeedLink { url: url.to_string(), title }]);
        }
        Found::Page(html) => html,
    };
    let announced = crate::content::feed_links::announced(&page, url);
    if !announced.is_empty() {
        return Ok(announced);
    }
    for guess in crate::content::feed_links::common_paths(url) {
        if let Ok(Found::Feed(title)) = probe(fetcher, &guess).await {
            return Ok(vec![crate::content::feed_links::FeedLink { url: guess, title }]);
        }
    }
    Ok(Vec::new())
}
