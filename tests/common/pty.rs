//! The real binary in a real pseudo-terminal: what it draws, parsed as a terminal would.

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
}

impl Session {
    /// Starts newsdesk with `args` in a `rows` x `cols` terminal, its home in `dir`.
    pub fn start(dir: &Path, args: &[&str], rows: u16, cols: u16) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("pty");
        let mut cmd = CommandBuilder::new(super::bin());
        cmd.args(args);
        cmd.env("HOME", dir);
        cmd.env("XDG_STATE_HOME", dir.join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NEWSDESK_CONFIG");
        cmd.env_remove("NEWSDESK_DB");
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (into_parser, into_raw) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            // The master must outlive the reader thread, or the terminal closes under the child.
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = into_parser.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut r) = into_raw.lock() {
                    r.extend_from_slice(&buf[..n]);
                }
            }
        });
        Session { parser, raw, writer, child }
    }

    pub fn text(&self) -> String {
        self.parser.lock().map(|p| p.screen().contents()).unwrap_or_default()
    }

    /// Everything the program wrote, escape sequences included.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().map(|r| r.clone()).unwrap_or_default()).into_owned()
    }

    /// Waits until the screen shows `needle`; panics with the screen after `secs`.
    pub fn wait_for(&self, needle: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "waited for {needle:?}; the screen shows:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until what was written so far satisfies `done`.
    pub fn wait_raw(&self, what: &str, secs: u64, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let raw = self.raw();
            if done(&raw) {
                return raw;
            }
            assert!(Instant::now() < deadline, "waited for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Waits for the program to end; panics after `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            assert!(Instant::now() < deadline, "the reader did not end; the screen shows:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Whether the terminal is as the reader found it: main screen, cursor shown.
    pub fn restored(&self) -> bool {
        let parser = self.parser.lock().expect("parser");
        !parser.screen().alternate_screen() && !parser.screen().hide_cursor()
    }
}
