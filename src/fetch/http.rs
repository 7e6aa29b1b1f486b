//! HTTP for feeds and pages: timeouts, redirects followed by hand (so that permanence is
//! known and only http(s) is followed), conditional GET, and a cap on the decoded body.

use crate::domain::safe_text::{clean_line, mask};
use crate::domain::{CacheHints, HttpStatus, PollFailure, ResponseMeta, SafeText, Validators};
use chrono::{DateTime, Utc};
use reqwest::header::{
    CACHE_CONTROL, CONTENT_LOCATION, CONTENT_TYPE, ETAG, EXPIRES, HeaderMap, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED, LOCATION, RETRY_AFTER,
};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body_bytes: usize,
    pub max_redirects: usize,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 32 << 20,
            max_redirects: 5,
        }
    }
}

pub const USER_AGENT: &str = concat!("newsdesk/", env!("CARGO_PKG_VERSION"), " (terminal news reader)");

pub use crate::domain::schedule::MAX_RETRY_AFTER_SECS;

#[derive(Debug)]
pub enum Fetched {
    NotModified {
        validators: Validators,
        meta: ResponseMeta,
    },
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
        /// The address relative links in the body resolve against: where the redirects ended,
        /// or the `Content-Location` the server gave there.
        base: String,
        validators: Validators,
        status: HttpStatus,
        meta: ResponseMeta,
    },
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum FetchError {
    #[error("not an http(s) address: {0}")]
    BadUrl(SafeText),
    /// The server did not answer (connect and headers) within the deadline.
    #[error("no answer in {0} s")]
    Timeout(u64),
    /// The headers came, but the body did not arrive whole within the deadline.
    #[error("body too slow: {} in {secs} s", human_size(*bytes))]
    SlowBody { secs: u64, bytes: usize },
    #[error("cannot connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("the server answered {}{}", status.text, retry_after.map(|s| format!("; it asks to wait {s} s")).unwrap_or_default())]
    Status { status: HttpStatus, retry_after: Option<u64> },
    #[error("the body is larger than {0} MiB")]
    TooLarge(usize),
    #[error("redirected to a non-http(s) address: {0}")]
    ForeignRedirect(SafeText),
    #[error("redirect loop at {0}")]
    RedirectLoop(SafeText),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// What kind of failure this is, for the sources list and scripts.
    pub fn failure(&self) -> PollFailure {
        match self {
            FetchError::Status { status, .. } => PollFailure::Status(status.clone()),
            FetchError::Timeout(_) | FetchError::SlowBody { .. } => PollFailure::Timeout,
            FetchError::Connect { .. } => PollFailure::Unreachable,
            FetchError::TooLarge(_) => PollFailure::TooLarge,
            FetchError::BadUrl(_) => PollFailure::BadUrl,
            FetchError::ForeignRedirect(_)
            | FetchError::RedirectLoop(_)
            | FetchError::TooManyRedirects(_) => PollFailure::BadRedirect,
            FetchError::Other(_) => PollFailure::Other,
        }
    }

    /// How long the server asked us to wait, if it did.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// Whether a header a user configured can be sent as it is.
pub fn is_valid_header(name: &str, value: &str) -> bool {
    reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok()
        && reqwest::header::HeaderValue::from_str(value).is_ok()
}

#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    settings: HttpSettings,
}

impl Fetcher {
    pub fn new(settings: HttpSettings) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(settings.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| FetchError::Other(describe(&e)))?;
        Ok(Fetcher { client, settings })
    }

    /// GETs `url`, sending the validators; a 304 comes back as `NotModified`. The whole
    /// exchange, redirects and body included, must finish within the configured deadline.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        self.get_with(url, validators, &[]).await
    }

    /// As `get`, sending `headers` too (a source's own, such as a token). They, and any
    /// user name and password in `url`, go only to the origin of `url` (same scheme, host and
    /// port): a redirect elsewhere is followed without them.
    pub async fn get_with(
        &self,
        url: &str,
        validators: &Validators,
        headers: &[(String, String)],
    ) -> Result<Fetched, FetchError> {
        let deadline = self.settings.timeout;
        let progress = Progress::default();
        match tokio::time::timeout(deadline, self.exchange(url, validators, headers, &progress)).await {
            Ok(result) => result,
            Err(_) => Err(progress.timed_out(deadline)),
        }
    }

    async fn exchange(
        &self,
        url: &str,
        validators: &Validators,
        headers: &[(String, String)],
        progress: &Progress,
    ) -> Result<Fetched, FetchError> {
        let start = url::Url::parse(url).map_err(|_| FetchError::BadUrl(mask(url)))?;
        if !crate::domain::is_web(&start) {
            return Err(FetchError::BadUrl(mask(url)));
        }
        let secrets = Secrets::of(&start, headers);
        let (response, current, moved_to) =
            self.follow_redirects(without_userinfo(start), validators, &secrets).await?;
        if let Some(to) = &moved_to {
            tracing::info!(from = %mask(url), to = %mask(to), "moved permanently");
        }
        let status = response.status();
        let headers = response.headers().clone();
        let cache = cache_hints(&headers);
        if status == reqwest::StatusCode::NOT_MODIFIED {
            let meta = ResponseMeta { cache, moved_to, bytes: 0 };
            return Ok(Fetched::NotModified { validators: validators_of(&headers, validators), meta });
        }
        let status_text = HttpStatus {
            code: status.as_u16(),
            text: format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""))
                .trim()
                .to_string(),
        };
        if !status.is_success() {
            let retry_after = headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, Utc::now()));
            return Err(FetchError::Status { status: status_text, retry_after });
        }
        progress.headers_arrived();
        let bytes = self.read_capped(response, &current, progress).await?;
        let meta = ResponseMeta { cache, moved_to, bytes: bytes.len() };
        let base = headers
            .get(CONTENT_LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|location| current.join(location.trim()).ok())
            .filter(crate::domain::is_web)
            .unwrap_or(current);
        Ok(Fetched::Body {
            bytes,
            content_type: headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string),
            base: base.to_string(),
            validators: validators_of(&headers, &Validators::default()),
            status: status_text,
            meta,
        })
    }

    /// Sends the request and follows redirects by hand, so that only http(s) is followed, a
    /// loop is caught, permanence is known, and secrets stay with their origin. Returns the
    /// last response, its address, and the new address when every hop was permanent.
    async fn follow_redirects(
        &self,
        mut current: url::Url,
        validators: &Validators,
        secrets: &Secrets,
    ) -> Result<(reqwest::Response, url::Url, Option<String>), FetchError> {
        let mut seen = vec![current.clone()];
        let mut permanent = true;
        loop {
            let mut request = self.client.get(current.clone()).header(
                reqwest::header::ACCEPT,
                "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, \
                 text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
            );
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, lm);
            }
            for (name, value) in secrets.for_url(&current) {
                request = request.header(name.as_str(), value.as_str());
            }
            let response = request.send().await.map_err(|e| self.classify(&e, &current))?;
            let status = response.status();
            let location = response.headers().get(LOCATION).and_then(|l| l.to_str().ok());
            let (true, Some(location)) =
                (status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED, location)
            else {
                let moved_to = (seen.len() > 1 && permanent).then(|| current.to_string());
                return Ok((response, current, moved_to));
            };
            let next = current.join(location).map_err(|_| FetchError::BadUrl(mask(location)))?;
            if !crate::domain::is_web(&next) {
                return Err(FetchError::ForeignRedirect(mask(next.as_str())));
            }
            // A server's own user name and password in a Location are never sent either.
            let next = without_userinfo(next);
            if seen.contains(&next) {
                return Err(FetchError::RedirectLoop(mask(next.as_str())));
            }
            if seen.len() > self.settings.max_redirects {
                return Err(FetchError::TooManyRedirects(self.settings.max_redirects));
            }
            permanent &= matches!(status.as_u16(), 301 | 308);
            seen.push(next.clone());
            current = next;
        }
    }

    async fn read_capped(
        &self,
        mut response: reqwest::Response,
        url: &url::Url,
        progress: &Progress,
    ) -> Result<Vec<u8>, FetchError> {
        let cap = self.settings.max_body_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e, url))? {
            if body.len() + chunk.len() > cap {
                return Err(FetchError::TooLarge(cap >> 20));
            }
            body.extend_from_slice(&chunk);
            progress.read(body.len());
        }
        Ok(body)
    }

    fn classify(&self, error: &reqwest::Error, url: &url::Url) -> FetchError {
        // reqwest's only deadline is the connect timeout; the overall one is ours (get_with).
        if error.is_timeout() {
            FetchError::Timeout(self.settings.connect_timeout.as_secs())
        } else if error.is_connect() {
            FetchError::Connect { host: clean_line(url.host_str().unwrap_or("?")), reason: root_cause(error) }
        } else {
            FetchError::Other(describe(error))
        }
    }
}

/// How far an exchange got, for saying what a deadline cut short.
#[derive(Default)]
struct Progress {
    headers: std::sync::atomic::AtomicBool,
    bytes: std::sync::atomic::AtomicUsize,
}

impl Progress {
    fn headers_arrived(&self) {
        self.headers.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    fn read(&self, bytes: usize) {
        self.bytes.store(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    fn timed_out(&self, deadline: Duration) -> FetchError {
        let secs = deadline.as_secs();
        if self.headers.load(std::sync::atomic::Ordering::Relaxed) {
            FetchError::SlowBody { secs, bytes: self.bytes.load(std::sync::atomic::Ordering::Relaxed) }
        } else {
            FetchError::Timeout(secs)
        }
    }
}

fn human_size(bytes: usize) -> String {
    if bytes < 1024 { format!("{bytes} bytes") } else { format!("{} KiB", bytes / 1024) }
}

/// A source's configured headers and the credentials of its address, and the one origin
/// (scheme, host, port) they may be sent to.
struct Secrets {
    origin: url::Origin,
    headers: Vec<(String, String)>,
}

impl Secrets {
    fn of(start: &url::Url, headers: &[(String, String)]) -> Secrets {
        let mut headers = headers.to_vec();
        let has_authorization = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
        if !start.username().is_empty() && !has_authorization {
            let user = percent_decoded(start.username());
            let password = start.password().map(percent_decoded).unwrap_or_default();
            headers.push((
                "Authorization".into(),
                format!("Basic {}", base64(format!("{user}:{password}").as_bytes())),
            ));
        }
        Secrets { origin: start.origin(), headers }
    }

    /// The headers to send to `url`: all of them on their own origin, none elsewhere.
    fn for_url(&self, url: &url::Url) -> &[(String, String)] {
        if url.origin() == self.origin { &self.headers } else { &[] }
    }
}

fn without_userinfo(mut url: url::Url) -> url::Url {
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url
}

fn percent_decoded(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Standard base64 with padding, for a Basic Authorization header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Retry-After as seconds to wait: a number of seconds or an HTTP date, capped at a day.
/// Negative, garbage and past values mean no request to wait.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<u64> {
    let value = value.trim();
    let secs = if let Ok(secs) = value.parse::<u64>() {
        secs
    } else if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        u64::try_from((date.to_utc() - now).num_seconds()).ok()?
    } else {
        return None;
    };
    (secs > 0).then_some(secs.min(MAX_RETRY_AFTER_SECS))
}

fn cache_hints(headers: &HeaderMap) -> CacheHints {
    let max_age = headers.get(CACHE_CONTROL).and_then(|v| v.to_str().ok()).and_then(|cc| {
        cc.split(',')
            .find_map(|part| part.trim().strip_prefix("max-age=").and_then(|v| v.trim().parse().ok()))
    });
    let expires = headers
        .get(EXPIRES)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v.trim()).ok())
        .map(|d| d.to_utc());
    CacheHints { max_age_secs: max_age, expires }
}

/// New validators from a response; on a 304 a validator the server did not repeat is kept.
fn validators_of(headers: &HeaderMap, previous: &Validators) -> Validators {
    let get = |name| {
        headers.get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_string)
    };
    Validators {
        etag: get(ETAG).or_else(|| previous.etag.clone()),
        last_modified: get(LAST_MODIFIED).or_else(|| previous.last_modified.clone()),
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    clean_line(&cause.to_string())
}

fn describe(error: &reqwest::Error) -> String {
    let root = root_cause(error);
    if error.is_body() || error.is_decode() {
        return format!("the body could not be read ({root})");
    }
    let mut shown = clean_line(&error.to_string());
    if let Some(url) = error.url() {
        shown = shown.replace(&format!(" for url ({url})"), "");
    }
    if shown.contains(&root) { shown } else { format!("{shown} ({root})") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_with_their_origin() {
        let start = url::Url::parse("https://bob:p%40ss@feeds.example/a").expect("url");
        let secrets = Secrets::of(&start, &[("Cookie".into(), "s=1".into())]);
        let same = url::Url::parse("https://feeds.example/b").expect("url");
        let names: Vec<&str> = secrets.for_url(&same).iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Cookie", "Authorization"]);
        assert_eq!(secrets.for_url(&same)[1].1, format!("Basic {}", base64(b"bob:p@ss")));
        for other in ["http://feeds.example/b", "https://feeds.example:8443/b", "https://cdn.example/b"] {
            assert!(secrets.for_url(&url::Url::parse(other).expect("url")).is_empty(), "{other}");
        }
        assert_eq!(without_userinfo(start).as_str(), "https://feeds.example/a");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    #[test]
    fn retry_after_is_parsed_and_capped() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").map(|d| d.to_utc()).expect("date");
        assert_eq!(parse_retry_after("120", now), Some(120));
        assert_eq!(parse_retry_after("99999999999", now), Some(MAX_RETRY_AFTER_SECS));
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("Thu, 01 Jan 2026 00:10:00 GMT", now), Some(600));
        assert_eq!(parse_retry_after("Wed, 31 Dec 2025 00:10:00 GMT", now), None);
    }
}
