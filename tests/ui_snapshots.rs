//! Whole-screen snapshots of each pane at 80x24 and 120x40.

#[path = "common/state.rs"]
mod fixtures;

use fixtures::{loaded, story};
use newsdesk::app::{AppState, Msg, Pane, update};
use newsdesk::config::keymap::Key;
use newsdesk::ui::{Theme, ViewState, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(state: &AppState) -> String {
    let backend = TestBackend::new(state.width, state.height);
    let mut terminal = Terminal::new(backend).expect("terminal");
    let mut view = ViewState::default();
    terminal.draw(|f| draw(f, state, &mut view, &Theme::default())).expect("draw");
    format!("{}", terminal.backend())
}

fn with_article(width: u16, height: u16) -> AppState {
    let mut state = loaded(width, height);
    state.focus = Pane::Stories;
    update(&mut state, Msg::Key(Key::Enter));
    update(&mut state, Msg::StoryLoaded(Box::new(story())));
    state
}

macro_rules! at_sizes {
    ($name:ident, $build:expr) => {
        #[test]
        fn $name() {
            for (w, h) in [(80u16, 24u16), (120, 40)] {
                let state: AppState = $build(w, h);
                insta::assert_snapshot!(format!("{}_{}x{}", stringify!($name), w, h), screen(&state));
            }
        }
    };
}

at_sizes!(sources_pane, loaded);
at_sizes!(stories_pane, |w, h| {
    let mut s = loaded(w, h);
    s.focus = Pane::Stories;
    s
});
at_sizes!(article_pane, with_article);
at_sizes!(bookmarks_pane, |w, h| {
    let mut s = loaded(w, h);
    update(&mut s, Msg::Key(Key::Char('B')));
    let generation = s.list.generation;
    let rows: Vec<_> = fixtures::rows().into_iter().filter(|r| r.bookmarked).collect();
    update(&mut s, Msg::StoriesLoaded { generation, offset: 0, total: rows.len(), rows });
    s
});
at_sizes!(source_details, |w, h| {
    let mut s = loaded(w, h);
    for _ in 0..4 {
        update(&mut s, Msg::Key(Key::Char('j')));
    }
    update(&mut s, Msg::Key(Key::Char('i')));
    s
});
at_sizes!(help_overlay, |w, h| {
    let mut s = loaded(w, h);
    update(&mut s, Msg::Key(Key::Char('?')));
    s
});

#[test]
fn article_text_is_on_screen_and_rewraps() {
    let state = with_article(200, 40);
    let wide = screen(&state);
    assert!(wide.contains("Six countries that share the Selva river basin signed a"), "{wide}");
    let state = with_article(50, 30);
    let narrow = screen(&state);
    assert!(narrow.contains("Six countries that share the Selva river"), "{narrow}");
    assert!(!narrow.contains("Six countries that share the Selva river basin signed a"));
}

#[test]
fn tiny_terminals_do_not_break_drawing() {
    for (w, h) in [(1u16, 1u16), (5, 3), (10, 5), (20, 8)] {
        let state = with_article(w, h);
        let text = screen(&state);
        assert_eq!(text.lines().count(), usize::from(h), "{w}x{h}");
    }
}

#[test]
fn saved_searches_sit_under_bookmarks_with_their_unread_count() {
    let mut state = fixtures::loaded_with_searches(120, 40);
    let text = screen(&state);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("Bookmarks") || l.contains("⌕")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].contains("★ Bookmarks") && rows[1].contains("⌕ Ports"), "{rows:?}");
    assert!(rows[1].split('│').nth(1).is_some_and(|cell| cell.trim_end().ends_with(" 2")), "{rows:?}");
    // Chosen, it names the list and the top line.
    for key in [Key::Char('j'), Key::Char('j'), Key::Char('j'), Key::Enter] {
        update(&mut state, Msg::Key(key));
    }
    let text = screen(&state);
    assert!(text.lines().next().is_some_and(|top| top.contains("newsdesk   Ports ·")), "{text}");
    assert!(text.contains("┌ Ports ("), "{text}");
}
