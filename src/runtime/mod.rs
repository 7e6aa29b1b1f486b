//! The driver: one loop, one message type. Terminal input, ticks and background replies
//! all arrive as `Msg`; `update` turns them into effects; the screen is drawn once per batch.

pub mod executor;
pub mod osc8_links;
pub mod terminal;

use crate::app::{self, AppState, Msg};
use crate::config::Config;
use crate::config::command::Command;
use crate::config::keymap::{Key, Keymap};
use crate::store::Store;
use crate::store::worker::StoreHandle;
use crate::ui::{self, Theme, ViewState};
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use executor::Executor;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Maps a terminal key to ours; key releases and unknown keys are dropped.
pub fn key_of(event: &crossterm::event::KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    Some(match event.code {
        KeyCode::Char('c') if event.modifiers.contains(KeyModifiers::CONTROL) => Key::CtrlC,
        KeyCode::Char('z') if event.modifiers.contains(KeyModifiers::CONTROL) => Key::CtrlZ,
        KeyCode::Char(_) if event.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
            return None;
        }
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

/// Runs the reader until the user quits. The terminal is restored on every way out,
/// a panic included (ratatui's hook restores it before the panic message prints).
pub fn run_reader(
    config: Config,
    store: Store,
    config_path: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let store = StoreHandle::spawn(store);
    // Reading the library needs no network; the HTTP client is only built once, here.
    let refresher = config.refresher(store.clone()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut terminal = ratatui::init();
    // ratatui's hook restores the terminal and prints the panic; after that, a reader whose
    // store or input thread died cannot go on, so leave instead of drawing on a restored screen.
    let restore_and_print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        crate::os::logging::write_panic(&info.to_string());
        if crate::domain::contained::is_contained() {
            return;
        }
        restore_and_print(info);
        std::process::exit(101);
    }));
    let result = runtime.block_on(event_loop(&mut terminal, config, refresher.clone(), config_path));
    terminal::leave();
    // Every write asked for is done and the library closed before the process ends.
    refresher.store.close(Duration::from_secs(5));
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    config: Config,
    refresher: crate::fetch::refresh::Refresher,
    config_path: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    terminal::watch_signals(tx.clone())?;
    spawn_input(tx.clone());
    spawn_ticks(tx.clone(), config.refresh_interval);
    let refresh_on_start = config.refresh_on_start && !config.sources.is_empty();
    if let Some(problems) = config_problems(&config) {
        let _ = tx.send(Msg::Failed(problems));
    }
    let executor = Executor {
        store: refresher.store.clone(),
        refresher,
        config: Arc::new(config),
        config_path,
        tx: tx.clone(),
    };
    let mut state = first_state(terminal.size()?, &executor.config);
    let theme = Theme::from_env();
    let hyperlinks = osc8_links::enabled(executor.config.hyperlinks);
    let mut view = ViewState::default();
    for effect in state.start() {
        executor.execute(effect);
    }
    if refresh_on_start {
        let _ = tx.send(Msg::Command(Command::RefreshAll));
    }
    terminal.draw(|f| ui::draw(f, &state, &mut view, &theme))?;
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        let ticks_only = batch.iter().all(|msg| matches!(msg, Msg::Tick(_)));
        let mut redraw = batch.contains(&Msg::Redraw);
        let shown_before = tick_visible(&state);
        for msg in batch {
            for effect in app::update(&mut state, msg) {
                if effect == app::Effect::Suspend {
                    terminal::suspend(terminal)?;
                    redraw = true;
                } else {
                    executor.execute(effect);
                }
            }
        }
        if redraw {
            terminal::redraw_all(terminal)?;
        }
        if state.quitting {
            break;
        }
        // Even an unchanged frame writes a few bytes; a terminal multiplexer watching for
        // activity would flag an idle reader every second.
        if ticks_only && tick_visible(&state) == shown_before {
            continue;
        }
        terminal.draw(|f| ui::draw(f, &state, &mut view, &theme))?;
        if hyperlinks {
            osc8_links::write(terminal.backend_mut(), &view.hyperlinks)?;
        }
    }
    Ok(())
}

/// The reader's state before anything is loaded, for a terminal of `size`.
fn first_state(size: ratatui::layout::Size, config: &Config) -> AppState {
    let mut state = AppState::new(Keymap::default(), size.width, size.height, chrono::Utc::now());
    state.utc_offset = *chrono::Local::now().offset();
    state.export = app::ExportSettings {
        dir: config.export_dir.display().to_string(),
        format: config.export_format,
        file_name: config.file_name.clone(),
    };
    state
}

/// The sources the config left out, as one line for the status bar.
fn config_problems(config: &Config) -> Option<String> {
    let first = config.problems.first()?;
    let more = config.problems.len() - 1;
    let others =
        if more > 0 { format!(" (and {more} more; `newsdesk sources` lists them)") } else { String::new() };
    Some(format!("{first}{others}"))
}

/// What a clock tick can change on screen: times are shown to the minute, and a status
/// line goes away when it expires.
fn tick_visible(state: &AppState) -> (i64, bool) {
    (state.now.timestamp().div_euclid(60), state.status.is_some())
}

fn spawn_input(tx: mpsc::UnboundedSender<Msg>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let msg = match crossterm::event::read() {
                    Ok(Event::Key(key)) => key_of(&key).map(Msg::Key),
                    Ok(Event::Resize(w, h)) => Some(Msg::Resize(w, h)),
                    Ok(_) => None,
                    Err(e) => {
                        let _ = tx.send(Msg::Failed(format!("cannot read the terminal: {e}")));
                        return;
                    }
                };
                if let Some(msg) = msg
                    && tx.send(msg).is_err()
                {
                    return;
                }
            }
        })
        .unwrap_or_else(|e| panic!("cannot start the input thread: {e}"));
}

fn spawn_ticks(tx: mpsc::UnboundedSender<Msg>, refresh_every: Option<Duration>) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(1));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The store knows which sources are due; asking once a minute is enough.
        let check_every = refresh_every.map(|every| every.min(Duration::from_secs(60)));
        let mut last_refresh = tokio::time::Instant::now();
        loop {
            ticks.tick().await;
            if tx.send(Msg::Tick(chrono::Utc::now())).is_err() {
                return;
            }
            if let Some(every) = check_every
                && last_refresh.elapsed() >= every
            {
                last_refresh = tokio::time::Instant::now();
                let _ = tx.send(Msg::RefreshDue);
            }
        }
    });
}
