//! HTTP for feeds and pages: timeouts, a redirect policy, conditional GET, and a cap on the
//! decoded size of a body.

use crate::domain::Validators;
use crate::text::clean_line;
use reqwest::header::{CONTENT_TYPE, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
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

#[derive(Debug)]
pub enum Fetched {
    NotModified { validators: Validators },
    Body { bytes: Vec<u8>, content_type: Option<String>, validators: Validators, status: String },
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum FetchError {
    #[error("not an http(s) address: {0}")]
    BadUrl(String),
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("cannot connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("the server answered {0}")]
    Status(String),
    #[error("the body is larger than {0} MiB")]
    TooLarge(usize),
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// The HTTP status, or a short word for what went wrong, for the sources list.
    pub fn status(&self) -> String {
        match self {
            FetchError::Status(s) => s.clone(),
            FetchError::Timeout(_) => "timeout".into(),
            FetchError::Connect { .. } => "unreachable".into(),
            FetchError::TooLarge(_) => "too large".into(),
            FetchError::BadUrl(_) => "bad url".into(),
            FetchError::Other(_) => "error".into(),
        }
    }
}

#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    settings: HttpSettings,
}

impl Fetcher {
    pub fn new(settings: HttpSettings) -> Result<Fetcher, FetchError> {
        let max_redirects = settings.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                attempt.error("too many redirects")
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.error("redirect to a non-http(s) address")
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .redirect(policy)
            .build()
            .map_err(|e| FetchError::Other(describe(&e)))?;
        Ok(Fetcher { client, settings })
    }

    /// GETs `url`, sending the validators; a 304 comes back as `NotModified`.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let parsed = url::Url::parse(url).map_err(|_| FetchError::BadUrl(clean_line(url)))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl(clean_line(url)));
        }
        let mut request = self.client.get(parsed.clone()).header(
            reqwest::header::ACCEPT,
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
        );
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, lm);
        }
        let deadline = self.settings.timeout + Duration::from_secs(1);
        let work = async {
            let response = request.send().await.map_err(|e| self.classify(&e, &parsed))?;
            let status = response.status();
            let headers = response.headers().clone();
            if status == reqwest::StatusCode::NOT_MODIFIED {
                return Ok(Fetched::NotModified { validators: validators_of(&headers, validators) });
            }
            let status_text =
                format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or("")).trim().to_string();
            if !status.is_success() {
                return Err(FetchError::Status(status_text));
            }
            let bytes = self.read_capped(response, &parsed).await?;
            Ok(Fetched::Body {
                bytes,
                content_type: headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string),
                validators: validators_of(&headers, &Validators::default()),
                status: status_text,
            })
        };
        match tokio::time::timeout(deadline, work).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout(self.settings.timeout.as_secs())),
        }
    }

    async fn read_capped(
        &self,
        mut response: reqwest::Response,
        url: &url::Url,
    ) -> Result<Vec<u8>, FetchError> {
        let cap = self.settings.max_body_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e, url))? {
            if body.len() + chunk.len() > cap {
                return Err(FetchError::TooLarge(cap >> 20));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn classify(&self, error: &reqwest::Error, url: &url::Url) -> FetchError {
        if error.is_timeout() {
            FetchError::Timeout(self.settings.timeout.as_secs())
        } else if error.is_connect() {
            FetchError::Connect { host: clean_line(url.host_str().unwrap_or("?")), reason: root_cause(error) }
        } else {
            FetchError::Other(describe(error))
        }
    }
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
    if error.is_redirect() || error.is_body() || error.is_decode() {
        root
    } else {
        let mut shown = clean_line(&error.to_string());
        if let Some(url) = error.url() {
            shown = shown.replace(&format!(" for url ({url})"), "");
        }
        if shown.contains(&root) { shown } else { format!("{shown} ({root})") }
    }
}
