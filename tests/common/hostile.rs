//! Servers that misbehave on purpose, on 127.0.0.1: each accepts connections and then
//! answers slowly, or never, in its own way. They stop when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub enum Manner {
    /// Reads the request and never answers.
    Silent,
    /// Sends the status line, then one header a byte at a time, never finishing it.
    DripHeaders,
    /// Sends proper headers, then a valid feed a few bytes at a time: every read gets data,
    /// so only an overall deadline ends it.
    TrickleBody,
}

pub struct Hostile {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Hostile {
    pub fn start(manner: Manner) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let stopped = Arc::clone(&stopped);
                        std::thread::spawn(move || serve(stream, manner, &stopped));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Hostile { port, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(mut stream: TcpStream, manner: Manner, stop: &AtomicBool) {
    let _ = stream.set_nonblocking(false);
    let mut request = [0u8; 4096];
    let _ = stream.read(&mut request);
    let feed = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Slow</title>\
                 <item><title>Late</title><link>http://127.0.0.1/late</link></item></channel></rss>";
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\n\r\n",
        feed.len() * 100
    );
    // Each manner gives up after a minute at most, so that no test server outlives its test.
    for step in 0..600 {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let sent = match manner {
            Manner::Silent => Ok(()),
            Manner::DripHeaders if step == 0 => stream.write_all(b"HTTP/1.1 200 OK\r\nX-Slow: "),
            Manner::DripHeaders => stream.write_all(b"a"),
            Manner::TrickleBody if step == 0 => stream.write_all(head.as_bytes()),
            Manner::TrickleBody => stream.write_all(&feed[(step * 7) % (feed.len() - 8)..][..7]),
        };
        if sent.is_err() || stream.flush().is_err() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
