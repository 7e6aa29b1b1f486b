//! Keybindings as data: each key, the command it runs, and what it does in words. The help
//! overlay and the command bar are generated from this table.

use crate::config::command::Command;

/// A key as newsdesk names it, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    CtrlC,
    CtrlZ,
}

impl Key {
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "S-Tab".into(),
            Key::Backspace => "Bksp".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::CtrlC => "C-c".into(),
            Key::CtrlZ => "C-z".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub command: Command,
    pub desc: &'static str,
    /// The word shown for it in the command bar at the bottom of the screen, if any.
    pub hint: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Command as C;
        use Key as K;
        let b = |keys: &[Key], command, desc, hint| Binding { keys: keys.to_vec(), command, desc, hint };
        Keymap {
            bindings: vec![
                b(&[K::Char('j'), K::Down], C::Down, "move down", Some("move")),
                b(&[K::Char('k'), K::Up], C::Up, "move up", None),
                b(&[K::PageDown, K::Char(' ')], C::PageDown, "page down", None),
                b(&[K::PageUp], C::PageUp, "page up", None),
                b(&[K::Home, K::Char('g')], C::Top, "go to the top", None),
                b(&[K::End, K::Char('G')], C::Bottom, "go to the bottom", None),
                b(&[K::Enter], C::Open, "open source or story", Some("open")),
                b(&[K::Esc], C::Back, "back; close an overlay", None),
                b(&[K::Char('q'), K::CtrlC], C::Quit, "quit", Some("quit")),
                b(&[K::Tab], C::NextPane, "next pane", None),
                b(&[K::BackTab], C::PrevPane, "previous pane", None),
                b(&[K::Char('n')], C::NextUnread, "next unread story", None),
                b(&[K::Char('p')], C::PrevUnread, "previous unread story", None),
                b(&[K::Char('N')], C::ToggleRead, "mark read / unread", None),
                b(&[K::Char('u')], C::ToggleUnreadOnly, "unread only on / off", None),
                b(&[K::Char('r')], C::Refresh, "refresh this source", None),
                b(&[K::Char('R')], C::RefreshAll, "refresh all sources", Some("refresh all")),
                b(&[K::Char('b')], C::ToggleBookmark, "bookmark on / off", Some("bookmark")),
                b(&[K::Char('B')], C::ShowBookmarks, "bookmarks pane", Some("bookmarks")),
                b(&[K::Char('e')], C::Export, "export the story", Some("export")),
                b(&[K::Char('o')], C::OpenInBrowser, "open link in $BROWSER", Some("browser")),
                b(&[K::Char('f')], C::ToggleFullText, "full text / feed text", None),
                b(&[K::Char('F')], C::FetchFullText, "fetch full text now", None),
                b(&[K::Char('A')], C::MarkAllRead, "mark all shown read", None),
                b(&[K::Char('/')], C::Search, "search titles and texts", Some("search")),
                b(&[K::Char('S')], C::SaveSearch, "save search as a source", None),
                b(&[K::Char('v')], C::Mark, "mark for a joint export", None),
                b(&[K::Char('s')], C::SortBookmarks, "bookmarks: sort order", None),
                b(&[K::Char('t')], C::FilterBookmarks, "bookmarks: filter", None),
                b(&[K::Char('T')], C::EditTags, "bookmark: edit tags", None),
                b(&[K::Char('m')], C::EditNote, "bookmark: edit note", None),
                b(&[K::Char('z')], C::Undo, "undo a bookmark's removal", None),
                b(&[K::Char('i')], C::ShowSourceDetails, "source details", None),
                b(&[K::Char('a')], C::AddSource, "add a source", None),
                b(&[K::Char('c')], C::RenameSource, "change a source's title", None),
                b(&[K::Char('d')], C::RemoveSource, "remove a source or search", None),
                b(&[K::Char('h'), K::Left], C::ScrollLeft, "scroll code left", None),
                b(&[K::Char('l'), K::Right], C::ScrollRight, "scroll code right", None),
                b(&[K::CtrlZ], C::Suspend, "suspend; fg resumes", None),
                b(&[K::Char('?')], C::Help, "this help", Some("help")),
            ],
        }
    }
}

impl Keymap {
    pub fn command_for(&self, key: Key) -> Option<Command> {
        self.bindings.iter().find(|b| b.keys.contains(&key)).map(|b| b.command)
    }

    /// The first key bound to `command`, as a label.
    pub fn key_label(&self, command: Command) -> Option<String> {
        self.bindings.iter().find(|b| b.command == command).and_then(|b| b.keys.first()).map(|k| k.label())
    }

    /// Help rows: keys joined, and the description.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(String, &'static str)> = self
            .bindings
            .iter()
            .map(|b| (b.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" "), b.desc))
            .collect();
        rows.push(("1-9… Enter".into(), "open link N of the story"));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let map = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for b in &map.bindings {
            for k in &b.keys {
                assert!(seen.insert(*k), "{k:?} bound twice");
                assert!(!matches!(k, Key::Char('0'..='9')), "digits are for links");
            }
        }
        assert_eq!(map.command_for(Key::Char('b')), Some(Command::ToggleBookmark));
        assert_eq!(map.key_label(Command::Export).as_deref(), Some("e"));
    }
}
