//! The terminal: the reader's screen taken and given back on every way out (quit, an error, a
//! panic, SIGTERM, SIGHUP, SIGINT, SIGQUIT) and lent to the shell for Ctrl-Z.

use crate::app::Msg;
use crate::config::command::Command;
use crossterm::event::DisableMouseCapture;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor::Show, execute};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// Gives the terminal back as it was: raw mode off, the main screen, the cursor shown, no
/// mouse reporting. Safe to call more than once and from any thread.
pub fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(std::io::stdout(), DisableMouseCapture, LeaveAlternateScreen, Show);
}

fn enter() -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(std::io::stdout(), EnterAlternateScreen)
}

/// Ctrl-Z: leaves the screen, stops the process as the shell expects, and takes the screen
/// back when `fg` continues it. The caller draws everything again.
pub fn suspend(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    leave();
    // The default action of SIGTSTP, which our own handler below would otherwise catch.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    enter()?;
    redraw_all(terminal)
}

/// Makes the next frame paint every cell. A blank frame first, so that the frame after it
/// differs from it wherever it shows anything (ratatui's own `clear` asks the terminal
/// where its cursor is, and waits for an answer some terminals never give).
pub fn redraw_all(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    terminal.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area())).map(|_| ())
}

/// What a signal asks the reader to do.
fn message_for(signal: i32) -> Msg {
    match signal {
        SIGTSTP => Msg::Command(Command::Suspend),
        SIGCONT => Msg::Redraw,
        _ => Msg::Command(Command::Quit),
    }
}

/// Turns signals into messages for the event loop. A signal that ends the reader gives it a
/// few seconds to close the library and the screen; past that the terminal is restored here
/// and the process ends with the signal's status.
pub fn watch_signals(tx: UnboundedSender<Msg>) -> std::io::Result<()> {
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        for signal in signals.forever() {
            tracing::info!(signal, "signal");
            if tx.send(message_for(signal)).is_err() {
                return;
            }
            if ![SIGTSTP, SIGCONT].contains(&signal) {
                std::thread::sleep(Duration::from_secs(3));
                leave();
                std::process::exit(128 + signal);
            }
        }
    })?;
    Ok(())
}
