//! The pure content pipeline: feed documents, article pages and stories in, our own types
//! out. Nothing here does I/O or knows about the terminal, the library or the network.

pub mod export;
pub mod extract;
pub mod feed;
/// The feeds a web page announces, and the usual places to look for one.
pub mod feed_links;
pub mod html_entities;
pub mod html_guard;
pub mod html_text;
pub mod render;
/// The story links of a front or section page, for sources without a feed.
pub mod story_links;
