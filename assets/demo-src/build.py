#!/usr/bin/env python3
"""Writes assets/demo/ from stories.py: four feeds (RSS 2.0, Atom, JSON Feed, and an RSS
feed of teasers only) and one article page per story, wrapped in the kind of page chrome
real news sites have. Run it after editing stories.py: python3 assets/demo-src/build.py"""

import html
import json
import os
from datetime import datetime, timezone
from email.utils import format_datetime

from stories import BRIEFS, SCIENCE, TECH, VALLEY, WORLD

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "demo")
BASE = "{{BASE}}"


def when(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def article_url(section, story):
    return f"{BASE}/articles/{section}/{story['slug']}.html"


def body_html(story):
    return "\n".join(story["body"])


CHROME_TOP = """<header class="site-header">
  <div class="topbar"><span class="icon">icon bookmark</span><span class="icon">icon search</span>
  <span class="icon">icon sign in</span><span class="icon">icon sign up</span><a href="/subscribe">Subscribe</a></div>
  <nav class="main-nav"><ul>
    <li><a href="/world/">World</a></li><li><a href="/business/">Business</a></li>
    <li><a href="/technology/">Technology</a></li><li><a href="/science/">Science</a></li>
    <li><a href="/metro/">Metro</a></li><li><a href="/opinion/">Opinion</a></li>
  </ul></nav>
</header>"""

SHARE = """<div class="share-bar" aria-label="Share">
  <span class="icon">fbicon</span><span class="icon">twicon</span><span class="icon">tgicon</span>
  <span class="icon">mailicon</span><a href="#comments">Comments (12)</a><span>Share this story</span>
</div>"""

PODCAST = """<aside class="podcast-player">
  <h4>Podcasts</h4><div class="player"><span class="icon">v-playicon</span><span>0:00</span>
  <span class="bar"></span><span>25:36</span><span class="icon">mutedicon</span></div>
  <div class="player"><span class="icon">v-playicon</span><span>0:00</span><span>26:25</span></div>
</aside>"""

NEWSLETTER = """<section class="newsletter">
  <h3>Get the morning briefing</h3><p>The day's stories in your inbox before breakfast.</p>
  <form><input type="email" placeholder="Your email"><button>Sign up</button></form>
</section>"""


def related(section, stories, current):
    items = [s for s in stories if s is not current][:4]
    links = "\n".join(
        f'<li><a href="{article_url(section, s)}">{html.escape(s["title"])}</a></li>' for s in items
    )
    return f'<aside class="related"><h3>More stories</h3><ul>\n{links}\n</ul></aside>'


def page(site, section, stories, story):
    date = when(story["date"])
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story["title"],
        "datePublished": story["date"],
        "author": {"@type": "Person", "name": story["author"]},
        "publisher": {"@type": "Organization", "name": site},
    }
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(story["title"])} | {html.escape(site)}</title>
<meta property="og:title" content="{html.escape(story["title"])}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="og:type" content="article">
<meta name="author" content="{html.escape(story["author"])}">
<link rel="canonical" href="{article_url(section, story)}">
<script type="application/ld+json">{json.dumps(ld)}</script>
<script>window.analytics = window.analytics || []; analytics.push(["page"]);</script>
<style>body {{ font-family: sans-serif; }}</style>
</head>
<body>
{CHROME_TOP}
<div class="layout">
<main>
<article class="story">
  <div class="breadcrumbs"><a href="/">Home</a> › <a href="/{section}/">{section.title()}</a></div>
  <time datetime="{story["date"]}">{date.strftime("%-d %b, %Y %H:%M")}</time>
  <h1>{html.escape(story["title"])}</h1>
  <p class="byline">By {html.escape(story["author"])}</p>
  {SHARE}
  <div class="article-body">
{body_html(story)}
  </div>
  <div class="tags"><span class="icon">tagicon</span><a href="/tag/{section}">{section}</a></div>
  {SHARE}
</article>
{NEWSLETTER}
</main>
<div class="sidebar">{PODCAST}
{related(section, stories, story)}
<div class="ad">Advertisement</div></div>
</div>
<footer><p>© 2026 {html.escape(site)}. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact</a></li></ul></footer>
</body>
</html>
"""


VALLEY_NAV = """<header class="masthead"><a href="{BASE}/valley/">The Valley Dispatch</a>
<nav><a href="{BASE}/valley/news/">News</a> <a href="{BASE}/valley/business/">Business</a> <a href="{BASE}/valley/sport/">Sport</a>
<a href="{BASE}/valley/whats-on/">What's on</a> <a href="{BASE}/valley/subscribe">Subscribe</a> <a href="{BASE}/valley/login">Sign in</a></nav></header>"""

VALLEY_FOOT = """<footer><a href="{BASE}/valley/about">About us</a> <a href="{BASE}/valley/contact">Contact</a>
<a href="{BASE}/valley/privacy">Privacy</a> <a href="https://social.example/valleydispatch">Follow us</a></footer>"""


def valley_url(s):
    return f"{BASE}/valley/{s['slug']}.html"


def valley_story(s):
    return page("The Valley Dispatch", "valley", VALLEY, s).replace(article_url("valley", s), valley_url(s)).replace(
        f"{BASE}/articles/valley/", f"{BASE}/valley/")


def valley_front():
    cards = "\n".join(
        f'''<div class="card"><a class="card-image" href="{valley_url(s)}"><img src="{BASE}/img/{i}.jpg" alt=""></a>
<a class="card-section" href="{BASE}/valley/{s['section']}/">{s['section'].title()}</a>
<h3><a href="{valley_url(s)}?utm_source=front">{html.escape(s['title'])}</a></h3>
<p class="card-meta">By <a href="{BASE}/valley/author/{s['author'].lower().replace(' ', '-')}">{html.escape(s['author'])}</a></p></div>'''
        for i, s in enumerate(VALLEY[:8]))
    promo = f'<div class="promo-banner"><a href="{BASE}/valley/subscribe?offer=winter">Subscribe for a pound a week</a></div>'
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Valley Dispatch</title></head><body>
{VALLEY_NAV}{promo}<main><h1>Today in the valley</h1><section class="grid">{cards}</section>
<a href="{BASE}/valley/news/?page=2">More stories</a></main>
<aside class="sidebar"><h2>Most read</h2><ol>{''.join(f'<li><a href="{valley_url(s)}">{html.escape(s["title"])}</a></li>' for s in VALLEY[:4])}</ol></aside>
{VALLEY_FOOT}</body></html>
"""


def valley_business():
    items = "\n".join(
        f'''<li class="story"><h2><a href="{valley_url(s)}">{html.escape(s['title'])}</a></h2>
<p>{html.escape(s['body'][0].replace('<p>', '').replace('</p>', ''))}</p><a class="more" href="{valley_url(s)}">Read more</a></li>'''
        for s in VALLEY if s['section'] == 'business')
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Business — The Valley Dispatch</title></head><body>
{VALLEY_NAV}<div id="content"><h1>Business</h1><ul class="story-list">{items}</ul>
<div class="pagination"><a href="{BASE}/valley/business/?page=2">Next page</a></div></div>
{VALLEY_FOOT}</body></html>
"""


def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rss(title, section, stories, teasers=False, site=""):
    items = []
    for i, s in enumerate(stories):
        url = article_url(section, s)
        if teasers:
            description = f"<description>{html.escape(s['teaser'])}</description>"
            content = ""
        else:
            first = s["body"][0]
            # One item shows a real feed's habit: an undeclared HTML entity outside CDATA.
            if i == 1:
                description = "<description>Workers vote on the offer&nbsp;overnight &mdash; the port reopens</description>"
            else:
                description = f"<description>{html.escape(first)}</description>"
            content = f"\n  <content:encoded>{cdata(body_html(s))}</content:encoded>"
        items.append(f"""<item>
  <title>{html.escape(s['title'])}</title>
  <link>{url}</link>
  <guid isPermaLink="false">{section}-{s['slug']}</guid>
  <dc:creator>{html.escape(s['author'])}</dc:creator>
  <pubDate>{format_datetime(when(s['date']))}</pubDate>
  {description}{content}
</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{html.escape(title)}</title>
<link>{BASE}/{section}/</link>
<description>{html.escape(site)}</description>
<language>en</language>
{chr(10).join(items)}
</channel>
</rss>
"""


def atom(title, section, stories):
    entries = []
    for s in stories:
        entries.append(f"""<entry>
  <title>{html.escape(s['title'])}</title>
  <link rel="alternate" href="{article_url(section, s)}"/>
  <id>tag:circuit.example,2026:{s['slug']}</id>
  <updated>{s['date']}</updated>
  <published>{s['date']}</published>
  <author><name>{html.escape(s['author'])}</name></author>
  <summary>{html.escape(s['body'][0].replace('<p>', '').replace('</p>', ''))}</summary>
  <content type="html">{html.escape(body_html(s))}</content>
</entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>{html.escape(title)}</title>
<link rel="alternate" href="{BASE}/{section}/"/>
<link rel="self" href="{BASE}/feeds/{section}.atom"/>
<id>tag:circuit.example,2026:feed</id>
<updated>{max(s['date'] for s in stories)}</updated>
{chr(10).join(entries)}
</feed>
"""


def json_feed(title, section, stories):
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": f"{BASE}/{section}/",
        "feed_url": f"{BASE}/feeds/{section}.json",
        "items": [{
            "id": f"{section}-{s['slug']}",
            "url": article_url(section, s),
            "title": s["title"],
            "content_html": body_html(s),
            "date_published": s["date"],
            "authors": [{"name": s["author"]}],
        } for s in stories],
    }, indent=2, ensure_ascii=False) + "\n"


def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    sets = [
        ("The Harbor Gazette", "world", WORLD),
        ("Circuit Weekly", "technology", TECH),
        ("Field Notes", "science", SCIENCE),
        ("Metro Briefs", "metro", BRIEFS),
    ]
    for site, section, stories in sets:
        for s in stories:
            write(f"articles/{section}/{s['slug']}.html", page(site, section, stories, s))
    write("feeds/world.xml", rss("The Harbor Gazette: World", "world", WORLD, site="World news from the Harbor Gazette"))
    write("feeds/technology.atom", atom("Circuit Weekly", "technology", TECH))
    write("feeds/science.json", json_feed("Field Notes: Science", "science", SCIENCE))
    write("feeds/metro.xml", rss("Metro Briefs", "metro", BRIEFS, teasers=True, site="Short news from the city"))
    for s in VALLEY:
        write(f"valley/{s['slug']}.html", valley_story(s))
    write("valley/index.html", valley_front())
    write("valley/business/index.html", valley_business())
    write("sources.toml", f"""# The demo's sources; {BASE} becomes the address of the demo server.
[[source]]
url = "{BASE}/feeds/world.xml"
title = "Harbor Gazette"
folder = "World"

[[source]]
url = "{BASE}/feeds/metro.xml"
title = "Metro Briefs"
folder = "World"

[[source]]
url = "{BASE}/feeds/technology.atom"
title = "Circuit Weekly"
folder = "Technology"

[[source]]
url = "{BASE}/feeds/science.json"
title = "Field Notes"
folder = "Science"

# A site without a feed: its front page and a section page are read for story links.
[[source]]
url = "{BASE}/valley/"
title = "Valley Dispatch"
folder = "Local"
kind = "html"

[[source]]
url = "{BASE}/valley/business/"
title = "Valley Dispatch: Business"
folder = "Local"
kind = "html"
""")


if __name__ == "__main__":
    main()
