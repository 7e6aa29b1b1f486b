//! The one URL policy: newsdesk fetches, follows, lists and opens only http(s) addresses
//! with a host. Every such check in the code asks here.

/// Whether `url` parses as an http(s) address with a host.
pub fn is_web_url(url: &str) -> bool {
    url::Url::parse(url.trim()).is_ok_and(|u| is_web(&u))
}

/// Whether a parsed address is http(s) with a host.
pub fn is_web(url: &url::Url) -> bool {
    matches!(url.scheme(), "http" | "https") && url.has_host()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_with_a_host_pass() {
        assert!(is_web_url("https://example.org/feed"));
        assert!(is_web_url(" http://127.0.0.1:8080/x "));
        for bad in
            ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/", "mailto:a@b", "", "/relative"]
        {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
