//! newsdesk: a terminal news reader that shows the article, not the page.
//!
//! The folders are layers. Each may import the ones listed before it and none after it
//! (`tests/architecture.rs` keeps this):
//!
//! | layer      | what lives there                                                       |
//! |------------|------------------------------------------------------------------------|
//! | `domain`   | plain types, the query syntax, the poll schedule, safe text, URL policy |
//! | `content`  | pure pipeline: feeds, extraction, rendering, export, links of a page    |
//! | `os`       | the machine: paths, safe file writing, the log file                    |
//! | `store`    | the SQLite library, its typed API, and the thread that owns it         |
//! | `fetch`    | HTTP, per-host limits, polling, feed discovery, the one refresh        |
//! | `config`   | the config file, keymap, commands, editing sources, OPML               |
//! | `app`      | the reader's state machine: `update(state, msg) -> effects`            |
//! | `ui`       | drawing from `&AppState`; never changes it                             |
//! | `runtime`  | the event loop and the executor that carries out effects               |
//! | `demo`     | the offline tour and its loopback server                               |
//! | `cli`      | the headless commands, one file each; `main.rs` alone starts the reader |
//!
//! `domain` and `content` are pure: bytes and URLs in, our own types out; no terminal,
//! storage, network or runtime crate. Only `store` touches SQLite, only `fetch` speaks HTTP.

pub mod domain;

pub mod content;

pub mod os;

pub mod store;

pub mod fetch;

pub mod config;

pub mod app;

pub mod ui;

pub mod runtime;

/// Public only so that the integration tests can serve pages on 127.0.0.1 with it.
#[doc(hidden)]
pub mod demo;

pub mod cli;
