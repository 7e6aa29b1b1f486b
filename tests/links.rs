//! Link discovery on front pages written for these tests, against marked truth lists.

mod common;

use newsdesk::content::story_links::{LinkRules, discover};

fn measure(name: &str, page_url: &str) -> (f64, f64, Vec<String>, Vec<String>) {
    let html = String::from_utf8(common::fixture(&format!("sites/{name}.html"))).expect("utf8");
    let truth: Vec<String> = String::from_utf8(common::fixture(&format!("sites/{name}.truth")))
        .expect("utf8")
        .lines()
        .map(str::to_string)
        .collect();
    let found: Vec<String> = discover(&html, page_url, &LinkRules::default())
        .expect("discovers")
        .into_iter()
        .map(|l| l.url)
        .collect();
    let hits = found.iter().filter(|u| truth.contains(u)).count();
    let precision = if found.is_empty() { 0.0 } else { hits as f64 / found.len() as f64 };
    let recall = hits as f64 / truth.len() as f64;
    let extra = found.iter().filter(|u| !truth.contains(u)).cloned().collect();
    let missed = truth.iter().filter(|u| !found.contains(u)).cloned().collect();
    (precision, recall, extra, missed)
}

#[test]
fn discovery_reaches_precision_and_recall_on_each_layout() {
    for (name, url) in [
        ("card-grid", "https://valleypost.example/"),
        ("list-teasers", "https://www.northernecho.example/news/"),
        ("promo-heavy", "https://weeklylantern.example/"),
    ] {
        let (precision, recall, extra, missed) = measure(name, url);
        println!("{name}: precision {precision:.3}, recall {recall:.3}");
        assert!(precision >= 0.95, "{name}: precision {precision:.3}; not stories: {extra:#?}");
        assert!(recall >= 0.90, "{name}: recall {recall:.3}; missed: {missed:#?}");
    }
}

#[test]
fn rules_override_and_refine_the_guess() {
    let html = String::from_utf8(common::fixture("sites/card-grid.html")).expect("utf8");
    let url = "https://valleypost.example/";
    let aside = LinkRules { selector: Some("aside.sidebar ol".into()), ..LinkRules::default() };
    let found = discover(&html, url, &aside).expect("selector");
    assert_eq!(found.len(), 5, "{found:#?}");
    assert!(found.iter().all(|l| l.reason == "selector"));
    let only_25th = LinkRules { pattern: Some("/2026/11/25/".into()), ..LinkRules::default() };
    assert_eq!(discover(&html, url, &only_25th).expect("pattern").len(), 2);
    let not_bread = LinkRules { exclude: Some("bread".into()), ..LinkRules::default() };
    assert_eq!(discover(&html, url, &not_bread).expect("exclude").len(), 11);
    let titles: Vec<String> = discover(&html, url, &LinkRules::default())
        .expect("guess")
        .into_iter()
        .map(|l| l.title.into_string())
        .collect();
    assert_eq!(
        titles[0], "Council approves new cycle lanes for the old town",
        "anchor text stands in as the title"
    );
}

#[test]
fn hostile_index_pages_stay_bounded() {
    let mut html = String::from("<html><body><main>");
    for i in 0..20_000 {
        html.push_str(&format!(
            "<a href=\"/2026/11/26/story-number-{i}-with-a-long-slug\">Story number {i} with a headline</a>"
        ));
    }
    html.push_str("<a href=\"javascript:alert(1)\">x</a><a href=\"file:///etc/passwd\">y</a><a href=\"mailto:a@b\">z</a>");
    html.push_str("<a href=\"https://elsewhere.example/2026/11/26/off-site-story-with-a-long-slug\">Off-site story with a headline</a>");
    html.push_str("</main></body></html>");
    let found = discover(&html, "https://site.example/", &LinkRules::default()).expect("discovers");
    assert_eq!(found.len(), newsdesk::content::story_links::MAX_STORIES);
    assert!(found.iter().all(|l| l.url.starts_with("https://site.example/")));
    let nested = format!(
        "{}<a href=\"/2026/11/26/a-deep-story-with-a-long-slug\">A deep story with a long headline</a>{}\
         <a href=\"/2026/11/26/a-story-after-the-nest-with-a-long-slug\">A story after the nest with a headline</a>",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    let found = discover(&nested, "https://site.example/", &LinkRules::default()).expect("deep");
    assert!(
        found.iter().any(|l| l.url.ends_with("/a-story-after-the-nest-with-a-long-slug")),
        "the page after a hostile nest is still read: {found:?}"
    );
}

fn urls(html: &str, page: &str) -> Vec<String> {
    discover(html, page, &LinkRules::default()).expect("discovers").into_iter().map(|l| l.url).collect()
}

#[test]
fn a_site_is_its_registrable_domain_and_what_its_canonical_address_names() {
    let story =
        |href: &str| format!("<li><a href=\"{href}\">A headline long enough to be a story here</a></li>");
    let page = |links: &[&str], head: &str| {
        format!(
            "<html><head>{head}</head><body><main><ul>{}</ul></main></body></html>",
            links.iter().map(|l| story(l)).collect::<String>()
        )
    };
    // A subdomain of the same publisher is the same site; a neighbour on a shared host is not.
    let html = page(
        &["https://blog.example.de/2026/11/26/sibling-subdomain-story", "/2026/11/26/own-story-on-the-page"],
        "",
    );
    assert_eq!(
        urls(&html, "https://www.example.de/"),
        [
            "https://blog.example.de/2026/11/26/sibling-subdomain-story",
            "https://www.example.de/2026/11/26/own-story-on-the-page"
        ]
    );
    let html =
        page(&["https://bob.github.io/2026/11/26/a-neighbours-story", "/2026/11/26/alices-own-story"], "");
    assert_eq!(
        urls(&html, "https://alice.github.io/"),
        ["https://alice.github.io/2026/11/26/alices-own-story"]
    );
    // A page served from another of its publisher's domains says so in its canonical address.
    let html = page(
        &[
            "https://www.example.co.uk/2026/11/26/story-on-the-main-domain",
            "https://elsewhere.example/2026/11/26/off-site",
        ],
        "<link rel=\"canonical\" href=\"https://www.example.co.uk/\">",
    );
    assert_eq!(
        urls(&html, "https://mirror.example.com/"),
        ["https://www.example.co.uk/2026/11/26/story-on-the-main-domain"]
    );
}

#[test]
fn a_portal_lists_hundreds_of_stories() {
    let links: String = (0..600)
        .map(|i| format!("<li><a href=\"/2026/11/26/portal-story-number-{i}\">Portal story number {i} with a headline</a></li>"))
        .collect();
    let html = format!("<html><body><main><ul>{links}</ul></main></body></html>");
    assert_eq!(urls(&html, "https://portal.example/").len(), 600);
}

#[test]
fn a_source_names_the_other_sites_of_its_publisher() {
    let html = "<html><body><main><ul>\
                <li><a href=\"https://www.example.co.uk/2026/11/26/story-on-the-sister-site\">A headline long enough to be a story here</a></li>\
                <li><a href=\"https://elsewhere.example/2026/11/26/story-somewhere-else\">A headline long enough to be a story there</a></li>\
                </ul></main></body></html>";
    assert!(urls(html, "https://news.example.com/").is_empty(), "another site, unnamed");
    let rules = LinkRules { also_sites: vec!["example.co.uk".into()], ..LinkRules::default() };
    let found: Vec<String> = discover(html, "https://news.example.com/", &rules)
        .expect("discovers")
        .into_iter()
        .map(|l| l.url)
        .collect();
    assert_eq!(found, ["https://www.example.co.uk/2026/11/26/story-on-the-sister-site"]);
}
