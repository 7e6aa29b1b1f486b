//! `update(state, msg) -> effects`: the only place the reader's state changes. Split by what
//! arrives: keys (`keys`), commands (`commands`), keys while an overlay is open
//! (`overlays`), and replies from background work (`replies`); `list` and `article` hold
//! what those share.

mod article;
mod commands;
mod keys;
mod list;
mod overlays;
mod replies;

pub(super) use list::reload_list;

use super::{AppState, Effect, Msg, Status, StatusKind};
use chrono::Duration;

const STATUS_SECONDS: i64 = 6;

pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => keys::on_key(state, key),
        Msg::Command(command) => commands::on_command(state, command),
        Msg::Resize(width, height) => {
            state.width = width;
            state.height = height;
            article::relayout(state);
            Vec::new()
        }
        Msg::Tick(now) => {
            state.now = now;
            if state.status.as_ref().is_some_and(|s| s.until <= now) {
                state.status = None;
            }
            Vec::new()
        }
        Msg::Refresh(event) => replies::on_refresh(state, event),
        reply => replies::on_reply(state, reply),
    }
}

fn set_status(state: &mut AppState, text: String, kind: StatusKind) {
    let text = crate::domain::safe_text::clean_line(&text);
    state.status = Some(Status { text, kind, until: state.now + Duration::seconds(STATUS_SECONDS) });
}

/// Shows `text` as an error and keeps it as the last one.
fn set_error(state: &mut AppState, text: String) {
    state.last_error = Some(text.clone());
    set_status(state, text, StatusKind::Error);
}
