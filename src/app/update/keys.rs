//! Keys: an open overlay or the help takes them first, then digits pick a link, then the
//! keymap turns a key into a command.

use super::{commands::on_command, overlays, set_status};
use crate::app::{AppState, Effect, StatusKind};
use crate::config::command::Command;
use crate::config::keymap::Key;

pub(super) fn on_key(state: &mut AppState, key: Key) -> Vec<Effect> {
    if state.overlay.is_some() {
        return overlays::on_key(state, key);
    }
    if state.help {
        if matches!(key, Key::CtrlC) {
            return on_command(state, Command::Quit);
        }
        state.help = false;
        return Vec::new();
    }
    if let Key::Char(c @ '0'..='9') = key {
        if state.link_digits.len() < 4 {
            state.link_digits.push(c);
        }
        return Vec::new();
    }
    if !state.link_digits.is_empty() {
        let digits = std::mem::take(&mut state.link_digits);
        if key == Key::Enter {
            return open_link(state, &digits);
        }
        if key == Key::Esc {
            return Vec::new();
        }
    }
    match state.keymap.command_for(key) {
        Some(command) => on_command(state, command),
        None => Vec::new(),
    }
}

/// Opens link number `digits` of the open story.
fn open_link(state: &mut AppState, digits: &str) -> Vec<Effect> {
    let n: usize = digits.parse().unwrap_or(0);
    let link =
        state.article.as_ref().and_then(|a| n.checked_sub(1).and_then(|i| a.doc.links.get(i))).cloned();
    match link {
        Some(url) => open_url(state, url),
        None => {
            set_status(state, format!("no link {n} in this story"), StatusKind::Error);
            Vec::new()
        }
    }
}

pub(super) fn open_url(state: &mut AppState, url: String) -> Vec<Effect> {
    if crate::domain::is_web_url(&url) {
        set_status(state, format!("Opening {url}"), StatusKind::Info);
        vec![Effect::OpenUrl(url)]
    } else {
        set_status(state, format!("not opening {url}: only http(s) links are opened"), StatusKind::Error);
        Vec::new()
    }
}
