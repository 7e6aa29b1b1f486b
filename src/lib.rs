//! newsdesk: a terminal news reader. The content pipeline (`feed`, `render`, `export`) is
//! pure; `store` owns SQLite; `app` is the state machine; `ui` draws; `runtime` glues.

pub mod app;
pub mod cli;
pub mod command;
pub mod config;
pub mod demo;
pub mod discover;
pub mod domain;
pub mod export;
pub mod extract;
pub mod feed;
pub mod files;
pub mod html_guard;
pub mod keymap;
pub mod links;
pub mod logging;
pub mod net;
pub mod opml;
pub mod paths;
pub mod poll;
pub mod query;
pub mod render;
pub mod runtime;
pub mod schedule;
pub mod serve;
pub mod sources_file;
pub mod store;
pub mod text;
pub mod ui;
