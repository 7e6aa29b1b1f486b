use super::*;

#[test]
fn schedule_hints_are_read() {
    let xml = r#"<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
        <channel><title>t</title><link>http://x/</link><description>d</description><ttl>90</ttl>
        <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
        <skipHours><hour>0</hour><hour>1</hour><hour>99</hour></skipHours><skipDays><day>Sunday</day></skipDays>
        </channel></rss>"#;
    let feed = parse(xml.as_bytes(), None, "http://x/feed").expect("parses");
    assert_eq!(feed.hints.ttl_minutes, Some(90));
    assert_eq!(feed.hints.update_every_secs, Some(21_600));
    assert_eq!(feed.hints.skip_hours, vec![0, 1]);
    assert_eq!(feed.hints.skip_days, vec![6]);
}

#[test]
fn teasers_are_recognised() {
    assert!(is_teaser("<p>The bridge will close for four months while engineers work…</p>"));
    assert!(is_teaser("<p>Short.</p>"));
    let long = "<p>".to_string() + &"word ".repeat(120) + "</p>";
    assert!(!is_teaser(&long));
    assert!(is_teaser(&(long.replace("</p>", "") + " Continue reading »</p>")));
}

#[test]
fn undeclared_entities_are_repaired() {
    let fixed = repair_xml("<a>x&nbsp;y &mdash; AT&T &amp; &#8217; &bogus;</a>");
    assert_eq!(fixed, "<a>x&#160;y &#8212; AT&amp;T &amp; &#8217; &amp;bogus;</a>");
}

#[test]
fn cdata_is_left_alone_but_controls_go() {
    let fixed = repair_xml("<a><![CDATA[a &nbsp; <b>\u{1}]]></a>");
    assert_eq!(fixed, "<a><![CDATA[a &nbsp; <b>]]></a>");
}

#[test]
fn titles_lose_tags_and_decode_entities() {
    assert_eq!(plain_text("<b>Rock</b> &amp;amp; roll&#33;"), "Rock &amp; roll!");
    assert_eq!(plain_text("A &amp; B"), "A & B");
}

#[test]
fn charset_from_header_beats_declaration() {
    let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a>\xe9</a>";
    let text = decode(bytes, Some("text/xml; charset=ISO-8859-1"));
    assert!(text.contains("<a>é</a>"), "{text}");
    assert!(!text.contains("utf-8"));
}

#[test]
fn declaration_used_without_header() {
    let bytes = b"<?xml version='1.0' encoding='windows-1251'?><a>\xcf\xf0</a>";
    assert!(decode(bytes, None).contains("<a>Пр</a>"));
}

#[test]
fn an_escape_at_the_end_of_cdata_does_not_swallow_its_end() {
    let xml = "<rss version=\"2.0\"><channel><title>t</title><item><title><![CDATA[a\u{1b}]]></title>\
               <guid>1</guid></item></channel></rss>";
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "a");
}

#[test]
fn utf16_and_utf32_with_and_without_a_mark() {
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Ünï</title>\
               <item><title>Ça va</title><guid>1</guid></item></channel></rss>";
    let utf16 = |big: bool| -> Vec<u8> {
        xml.encode_utf16().flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    };
    let utf32 = |big: bool| -> Vec<u8> {
        xml.chars()
            .flat_map(|c| if big { (c as u32).to_be_bytes() } else { (c as u32).to_le_bytes() })
            .collect()
    };
    let with_mark = |mark: &[u8], body: Vec<u8>| [mark.to_vec(), body].concat();
    let documents = [
        with_mark(&[0xfe, 0xff], utf16(true)),
        with_mark(&[0xff, 0xfe], utf16(false)),
        utf16(true),
        utf16(false),
        with_mark(&[0, 0, 0xfe, 0xff], utf32(true)),
        with_mark(&[0xff, 0xfe, 0, 0], utf32(false)),
        utf32(true),
        utf32(false),
    ];
    for (i, bytes) in documents.iter().enumerate() {
        let feed = parse(bytes, None, "http://x/").unwrap_or_else(|e| panic!("document {i}: {e}"));
        assert_eq!(feed.title.as_deref(), Some("Ünï"), "document {i}");
        assert_eq!(feed.items.len(), 1, "document {i}");
        assert_eq!(feed.items[0].title, "Ça va", "document {i}");
    }
}

#[test]
fn absurd_json_feed_dates_cost_only_the_date() {
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
        {"id":"1","title":"Feb 30","date_published":"2026-02-30T10:00:00Z","content_text":"a"},
        {"id":"2","title":"Year 0","date_published":"0000-01-01T00:00:00Z","content_text":"b"},
        {"id":"3","title":"Far","date_published":"99999-01-01T00:00:00Z","content_text":"c"},
        {"id":"4","title":"Epoch","date_published":"12345678901234567890","content_text":"d"},
        {"id":"5","title":"Long","date_modified":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","content_text":"e"},
        {"id":"6","title":"Fine","date_published":"2026-03-01T10:00:00+01:00","content_text":"f"}]}"#;
    let feed = parse(json.as_bytes(), Some("application/feed+json"), "http://x/feed.json").expect("parses");
    let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Feb 30", "Year 0", "Far", "Epoch", "Long", "Fine"]);
    // Year 0 reads as a date; the library, which knows the time of the poll, sets it aside.
    assert!(feed.items[2..5].iter().all(|i| i.published.is_none()), "absurd dates become unknown");
    assert_eq!(feed.items[5].published.map(|d| d.to_rfc3339()).as_deref(), Some("2026-03-01T09:00:00+00:00"));
}

#[test]
fn what_a_feed_holds_is_bounded_and_the_cut_is_said() {
    let item = |i: usize, title: &str| {
        format!("<item><title>{title}</title><guid>{i}</guid><description>d</description></item>")
    };
    let long_title = "T".repeat(MAX_TITLE_CHARS + 500);
    let items: String = (0..MAX_ITEMS + 7).map(|i| item(i, if i == 0 { &long_title } else { "t" })).collect();
    let xml = format!("<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>");
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items.len(), MAX_ITEMS);
    assert_eq!(feed.items_cut, 7);
    assert_eq!(feed.items[0].title.chars().count(), MAX_TITLE_CHARS + 1, "cut, with an ellipsis");
    assert!(feed.items[0].title.ends_with('…'));
    let text = "x".repeat(MAX_TEXT_BYTES + 10);
    let cut = cut_text(text);
    assert!(cut.len() < MAX_TEXT_BYTES + 100 && cut.ends_with("<p><em>[text cut at 2 MB]</em></p>"));
    let atom: String =
        (0..MAX_ITEMS + 2).map(|i| format!("<entry><id>{i}</id><title>e</title></entry>")).collect();
    let atom = format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>a</title>{atom}</feed>");
    let feed = parse(atom.as_bytes(), None, "http://x/").expect("atom parses after the cut");
    assert_eq!((feed.items.len(), feed.items_cut), (MAX_ITEMS, 2));
}

#[test]
fn rss_without_a_known_version_is_read_as_2_0() {
    for root in
        ["<rss>", "<rss version=\"0.94\">", "<rss version='1.0'>", "<rss version=\"0.90\" xmlns:dc=\"x\">"]
    {
        let xml = format!(
            "{root}<channel><title>t</title><item><title>i</title><guid>1</guid></item></channel></rss>"
        );
        let feed = parse(xml.as_bytes(), None, "http://x/").unwrap_or_else(|e| panic!("{root}: {e}"));
        assert_eq!(feed.items.len(), 1, "{root}");
    }
}

#[test]
fn a_utf16_label_on_ascii_bytes_reads_as_utf8() {
    let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Ça</title>\
               <item><title>é</title><guid>1</guid></item></channel></rss>";
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Ça"));
}

#[test]
fn an_rss_1_0_item_is_known_by_its_uri() {
    let xml = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel rdf:about="http://x/"><title>t</title><link>http://x/</link></channel>
        <item rdf:about="http://x/a"><title>A</title><link>http://x/a</link></item></rdf:RDF>"#;
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].guid.as_deref(), Some("http://x/a"));
}

#[test]
fn items_without_an_author_take_theirs_or_the_channels() {
    let xml = r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>t</title>
        <itunes:author xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">Giant Bomb</itunes:author>
        <item><title>a</title><guid>1</guid><itunes:author>Jane Doe</itunes:author></item>
        <item><title>b</title><guid>2</guid></item>
        <item><title>c</title><guid>3</guid><author>bob@x.org (Bob)</author></item></channel></rss>"#;
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    let authors: Vec<Option<&str>> = feed.items.iter().map(|i| i.author.as_deref()).collect();
    assert_eq!(authors, [Some("Jane Doe"), Some("Giant Bomb"), Some("Bob")]);
}

#[test]
fn author_names_come_out_of_their_addresses() {
    assert_eq!(author_name("dave@userland.com (Dave Winer)"), "Dave Winer");
    assert_eq!(author_name("(Dave Winer)"), "Dave Winer");
    assert_eq!(author_name("Dave Winer <dave@userland.com>"), "Dave Winer");
    assert_eq!(author_name("dave@userland.com"), "dave@userland.com");
    assert_eq!(author_name("Smith (the elder)"), "Smith (the elder)", "no address, no split");
}

#[test]
fn double_encoded_utf8_is_read_once_and_real_latin_text_is_left_alone() {
    let twice = "<rss version=\"2.0\"><channel><title>CataluÃ±a</title><item><title>FlÃ¼chtlinge â€œjaâ€\u{9d}</title>\
                 <guid>1</guid></item></channel></rss>";
    let feed = parse(twice.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Cataluña"));
    assert_eq!(feed.items[0].title, "Flüchtlinge “ja”");
    let real = "<rss version=\"2.0\"><channel><title>Ã la carte: Âge, café</title><item><title>t</title><guid>1</guid></item></channel></rss>";
    let feed = parse(real.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Ã la carte: Âge, café"));
}

#[test]
fn an_item_without_a_link_is_found_at_its_permalink_guid() {
    let xml = "<rss version=\"2.0\"><channel><title>t</title>\
               <item><title>a</title><guid>http://x/a</guid></item>\
               <item><title>b</title><guid isPermaLink=\"false\">b-1</guid></item></channel></rss>";
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].url.as_deref(), Some("http://x/a"));
    assert_eq!(feed.items[1].url, None, "an id that is no address is no link");
}

fn rss(items: &str) -> String {
    format!("<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>")
}

#[test]
fn mangled_and_right_text_side_by_side_are_both_read_right() {
    // One item mixes a mangled run with a right quote; another was never mangled.
    let xml = rss("<item><title>Itâ€™s here’s FlÃ¼gel</title><guid>1</guid></item>\
                   <item><title>Ölfeld “ok”</title><guid>2</guid></item>");
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "It’s here’s Flügel");
    assert_eq!(feed.items[1].title, "Ölfeld “ok”");
}

#[test]
fn windows_1252_quotes_carried_as_controls_become_quotes() {
    let xml = rss("<item><title>\u{93}Quoted\u{94} \u{96} dash</title><guid>1</guid></item>");
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "“Quoted” – dash");
}

#[test]
fn a_wrong_label_and_no_label_are_read_from_the_bytes() {
    // Declared ISO-8859-1, written in UTF-8.
    let mislabelled = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>".to_string()
        + &rss("<item><title>länger</title><guid>1</guid></item>");
    let feed = parse(mislabelled.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "länger");
    // No declaration, Windows-1252 bytes: "études à l'été".
    let mut undeclared = rss("<item><title>X</title><guid>1</guid></item>").into_bytes();
    let at = undeclared.windows(1).position(|w| w == b"X").expect("X");
    undeclared.splice(at..at + 1, b"\xe9tudes \xe0 l'\xe9t\xe9".iter().copied());
    let feed = parse(&undeclared, None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "études à l'été");
    // UTF-8 with one stray Windows-1252 byte keeps its UTF-8.
    let mut mixed = rss("<item><title>søndag </title><guid>1</guid></item>").into_bytes();
    let end = mixed.windows(8).position(|w| w == b"</title>").expect("end") + 8;
    let end = end + mixed[end..].windows(8).position(|w| w == b"</title>").expect("item end");
    mixed.splice(end..end, b"s\xf8".iter().copied());
    let feed = parse(&mixed, None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "søndag sø");
}

#[test]
fn scripts_styles_and_frames_are_never_text() {
    let xml = rss("<item><title>t<script>alert(1)</script></title><guid>1</guid><description><![CDATA[\
                   <style>.a{fill:none}</style><p>Story</p><SCRIPT type=x>var a = 1;</SCRIPT>\
                   <iframe src=\"http://x/\">fallback</iframe><object><param>p</param></object>\
                   <embed src=\"x\"><meta content=\"m\"><p>end</p><script>never closed]]></description></item>");
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "t");
    assert_eq!(feed.items[0].summary.as_deref(), Some("<p>Story</p><p>end</p>"));
}

#[test]
fn podcast_and_video_words_and_files_are_read() {
    let xml = "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" \
               xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>t</title>\
               <item><title>Ep 1</title><guid>1</guid><itunes:summary>Salt &amp; pepper\nshakers</itunes:summary>\
               <enclosure url=\"http://x/ep1.mp3\" type=\"audio/mpeg\" length=\"1234\"/></item>\
               <item><guid>2</guid><media:group><media:title>Clip</media:title>\
               <media:content url=\"http://x/v.mp4\" type=\"video/mp4\"/>\
               <media:description>A clip &lt;b&gt;of&lt;/b&gt; a cat</media:description></media:group></item>\
               </channel></rss>";
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].summary.as_deref(), Some("Salt &amp; pepper<br>shakers"));
    assert_eq!(
        feed.items[0].enclosures,
        vec![Enclosure {
            url: "http://x/ep1.mp3".into(),
            mime_type: Some("audio/mpeg".into()),
            length: Some(1234)
        }]
    );
    assert_eq!(feed.items[1].title, "Clip", "a media title stands in for a missing title");
    assert_eq!(feed.items[1].enclosures[0].url, "http://x/v.mp4");
    assert!(
        feed.items[1].summary.as_deref().is_some_and(|s| s.contains("A clip")),
        "{:?}",
        feed.items[1].summary
    );
}

#[test]
fn authors_inside_rss_as_atom_persons_cdata_or_addresses_are_found() {
    let xml = rss(
        "<item><title>a</title><guid>1</guid><author xmlns:author=\"http://www.w3.org/2005/Atom\">\
                   <name>Diane Chaleff</name><email>d@x</email></author></item>\
                   <item><title>b</title><guid>2</guid><author><![CDATA[ w@x.com (Harriet, The Week) ]]></author></item>",
    );
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].author.as_deref(), Some("Diane Chaleff"));
    assert_eq!(feed.items[1].author.as_deref(), Some("Harriet, The Week"));
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id><entry><id>e</id><title>x</title>\
                <author><email>john@doe.org</email></author></entry></feed>";
    let feed = parse(atom.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(
        feed.items[0].author.as_deref(),
        Some("john@doe.org"),
        "a person with no name is known by the address"
    );
}

#[test]
fn old_vocabularies_are_read() {
    let atom03 = "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>Old</title>\
                  <tagline type=\"text/plain\" mode=\"escaped\">Older still</tagline>\
                  <entry><title>e</title><id>tag:1</id><issued>2004-01-02T03:04:05Z</issued></entry></feed>";
    let feed = parse(atom03.as_bytes(), None, "http://x/").expect("Atom 0.3");
    assert_eq!(feed.items.len(), 1);
    assert_eq!(feed.items[0].published.map(|d| d.to_rfc3339()).as_deref(), Some("2004-01-02T03:04:05+00:00"));
    let rss090 = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
                  xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel><title>Ticker</title></channel>\
                  <item><title>one</title><link>http://x/1</link></item><item><title>two</title><link>http://x/2</link></item></rdf:RDF>";
    assert_eq!(parse(rss090.as_bytes(), None, "http://x/").expect("RSS 0.90").items.len(), 2);
    let namespaced = "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\"><channel><title>N</title>\
                      <item><title>one</title><guid>1</guid></item></channel></rss>";
    assert_eq!(parse(namespaced.as_bytes(), None, "http://x/").expect("namespaced").items.len(), 1);
}

#[test]
fn what_feed_rs_refuses_whole_costs_only_the_element() {
    let cases = [
        // An empty media:description, which feed-rs requires to hold text.
        rss("<item><title>a</title><guid>1</guid><media:description xmlns:media=\"http://search.yahoo.com/mrss/\"/></item>"),
        // Atom content of an XML media type, and inline content that also has a src.
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id><entry><id>e</id><title>a</title>\
         <content type=\"application/xml\"><p>x</p></content></entry></feed>"
            .to_string(),
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id><entry><id>e</id><title>a</title>\
         <content src=\"http://x/\" type=\"xhtml\">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>"
            .to_string(),
        // A feed inside an HTML page.
        "<?xml version=\"1.0\"?><!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\
         <feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id><entry><id>e</id><title>a</title></entry></feed>\
         </body></html>"
            .to_string(),
    ];
    for xml in &cases {
        let feed = parse(xml.as_bytes(), None, "http://x/").unwrap_or_else(|e| panic!("{e}: {xml}"));
        assert_eq!(feed.items.len(), 1, "{xml}");
        assert_eq!(feed.items[0].title, "a", "{xml}");
    }
    let moved = "<rss><redirect><newLocation>http://x/new.xml</newLocation></redirect></rss>";
    assert_eq!(parse(moved.as_bytes(), None, "http://x/").expect("an rss with no channel").items.len(), 0);
}

#[test]
fn a_channel_with_no_items_is_a_healthy_empty_feed() {
    let feed = parse(rss("").as_bytes(), None, "http://x/").expect("parses");
    assert!(feed.items.is_empty());
    assert_eq!(feed.title.as_deref(), Some("t"));
}

#[test]
fn a_plain_title_keeps_its_angle_brackets_and_markup_in_a_title_goes() {
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id><entry><id>e</id>\
                <title type=\"text\">Content, &lt;entry&gt; has base</title></entry>\
                <entry><id>e2</id><title type=\"html\">1930ft&lt;sup&gt;2&lt;/sup&gt;</title></entry></feed>";
    let feed = parse(atom.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "Content, <entry> has base");
    assert_eq!(feed.items[1].title, "1930ft2");
}

#[test]
fn plain_text_with_references_in_it_was_html_all_along() {
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id><entry><id>e</id><title>x</title>\
                <summary type=\"text\">a pattern...&amp;nbsp; So AT&amp;T &amp; me</summary></entry></feed>";
    let feed = parse(atom.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].summary.as_deref(), Some("a pattern...&nbsp; So AT&T & me"));
}

#[test]
fn a_description_written_as_markup_is_read_as_html() {
    let xml = rss("<item><title>a</title><guid>1</guid><description><table><tr><td>submitted by \
                   <a href=\"http://x/u\">someone</a></td></tr></table></description></item>\
                   <item><title>b</title><guid>2</guid><description>plain</description></item>");
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    let summary = feed.items[0].summary.as_deref().unwrap_or("");
    assert!(summary.contains("<td>submitted by") && summary.contains("someone</a>"), "{summary}");
    assert_eq!(feed.items[1].summary.as_deref(), Some("plain"));
}

#[test]
fn dates_feed_rs_cannot_read_are_read_from_the_markup() {
    let xml = "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title>\
               <item><title>a</title><guid>1</guid><pubDate>2020/1/10 14:03:00</pubDate></item>\
               <item><title>b</title><guid>2</guid><dc:date>2007-03-21T10:41:52</dc:date></item>\
               <item><title>c</title><guid>3</guid><pubDate>Sun, 20 Apr 2014 8:19 pm CEST</pubDate></item>\
               <item><title>d</title><guid>4</guid><pubDate>whenever</pubDate></item></channel></rss>";
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    let dates: Vec<Option<String>> = feed.items.iter().map(|i| i.published.map(|d| d.to_rfc3339())).collect();
    assert_eq!(
        dates,
        [
            Some("2020-01-10T14:03:00+00:00".to_string()),
            Some("2007-03-21T10:41:52+00:00".to_string()),
            Some("2014-04-20T18:19:00+00:00".to_string()),
            None
        ]
    );
}

#[test]
fn every_html5_entity_reads_in_titles_and_escaped_content() {
    let xml = rss(
        "<item><title>&ccaron;esk&yacute; &lstrok;&oacute;d&zacute; &hookleftarrow; &#x263A; &#9731;</title><guid>1</guid>\
                   <description>&lt;p&gt;AT&amp;amp;T &amp;mdash; &amp;Aring;ngstr&amp;ouml;m&lt;/p&gt;</description></item>",
    );
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].title, "český łódź ↩ ☺ ☃");
    let summary = feed.items[0].summary.as_deref().unwrap_or("");
    assert_eq!(crate::content::html_text::plain_text(summary), "AT&T — Ångström");
}

#[test]
fn a_document_cut_short_keeps_its_whole_items() {
    let cut = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
               <item><title>one</title><guid>1</guid></item><item><title>two</title><guid>2</guid></item><item><title>thr";
    let feed = parse(cut.as_bytes(), None, "http://x/").expect("the whole items");
    let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["one", "two"]);
    let nothing_whole = "<rss version=\"2.0\"><channel><title>Broken</title><item><title>Never closed";
    assert!(parse(nothing_whole.as_bytes(), None, "http://x/").is_err(), "no whole item: still not a feed");
}

#[test]
fn an_atom_entry_without_an_author_takes_its_sources_then_the_feeds() {
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Planet</title><id>f</id><author><name>Planet editors</name></author>\
                <entry><id>1</id><title>a</title><source><id>s</id><title>Blog</title><author><name>Ada Brook</name></author></source></entry>\
                <entry><id>2</id><title>b</title></entry></feed>";
    let feed = parse(atom.as_bytes(), None, "http://x/").expect("parses");
    assert_eq!(feed.items[0].author.as_deref(), Some("Ada Brook"));
    assert_eq!(feed.items[1].author.as_deref(), Some("Planet editors"));
}

#[test]
fn elements_left_open_or_closed_twice_cost_only_themselves() {
    // An element never closed, and an end tag that closes nothing open.
    let xml = "<rss version=\"2.0\"><channel><title>t</title>\
               <item><title>a</title><guid>1</guid><media:content url=\"http://x/a.jpg\"></item>\
               <item><title>b</title><guid>2</guid></media:content></item></channel></rss>";
    let feed = parse(xml.as_bytes(), None, "http://x/").expect("balanced");
    let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["a", "b"]);
    // A text type no reader knows is read as text.
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"feed.title^type\">Odd</title><id>f</id>\
                <entry><id>e</id><title>a</title></entry></feed>";
    assert_eq!(parse(atom.as_bytes(), None, "http://x/").expect("read").title.as_deref(), Some("Odd"));
}
