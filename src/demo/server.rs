//! A small HTTP/1.1 server bound to 127.0.0.1, for `--demo` and for tests: fixed responses
//! by path, strong ETags with 304 answers, optional delays. It never binds elsewhere.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    /// When set, the body is sent one byte at a time with this pause between bytes.
    pub drip: Option<Duration>,
}

impl Response {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            drip: None,
        }
    }

    pub fn status(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: Vec::new(), delay: Duration::ZERO, drip: None }
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }

    pub fn dripping(mut self, pause: Duration) -> Response {
        self.drip = Some(pause);
        self
    }
}

/// What a client sent, for tests to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// When the request had been read.
    pub received: std::time::Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

type Routes = Arc<Mutex<HashMap<String, Response>>>;

/// Requests being answered now, and the most at once so far.
#[derive(Default)]
struct Load {
    now: usize,
    most: usize,
}

pub struct Server {
    addr: SocketAddr,
    routes: Routes,
    log: Arc<Mutex<Vec<Request>>>,
    load: Arc<Mutex<Load>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub fn start(routes: HashMap<String, Response>) -> std::io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let routes: Routes = Arc::new(Mutex::new(routes));
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let load = Arc::new(Mutex::new(Load::default()));
        let (r, l, s, w) = (Arc::clone(&routes), Arc::clone(&log), Arc::clone(&stop), Arc::clone(&load));
        std::thread::Builder::new().name("serve".into()).spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (r, l, w) = (Arc::clone(&r), Arc::clone(&l), Arc::clone(&w));
                std::thread::spawn(move || {
                    let _ = handle(stream, &r, &l, &w);
                });
            }
        })?;
        Ok(Server { addr, routes, log, load, stop })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url())
    }

    /// Replaces or adds the response for `path`.
    pub fn set(&self, path: &str, response: Response) {
        if let Ok(mut routes) = self.routes.lock() {
            routes.insert(path.to_string(), response);
        }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The most requests this server answered at the same time.
    pub fn most_in_flight(&self) -> usize {
        self.load.lock().map(|l| l.most).unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn handle(
    stream: TcpStream,
    routes: &Routes,
    log: &Mutex<Vec<Request>>,
    load: &Mutex<Load>,
) -> std::io::Result<()> {
    let count = |delta: isize| {
        if let Ok(mut l) = load.lock() {
            l.now = l.now.saturating_add_signed(delta);
            l.most = l.most.max(l.now);
        }
    };
    count(1);
    let result = answer(stream, routes, log);
    count(-1);
    result
}

fn answer(stream: TcpStream, routes: &Routes, log: &Mutex<Vec<Request>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(64 * 1024));
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/").to_string());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let request = Request { path: path.clone(), headers, received: std::time::Instant::now() };
    if let Ok(mut l) = log.lock() {
        l.push(request.clone());
    }
    let found = routes
        .lock()
        .ok()
        .and_then(|r| r.get(&path).or_else(|| r.get(path.split('?').next().unwrap_or(""))).cloned());
    let mut response = found.unwrap_or_else(|| Response::ok("text/plain", "not found").status_code(404));
    std::thread::sleep(response.delay);
    if response.status == 200 && !response.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("etag")) {
        let etag = format!("\"{:016x}\"", fnv(&response.body));
        response.headers.push(("ETag".into(), etag));
    }
    let etag = response.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("etag")).map(|(_, v)| v.clone());
    if response.status == 200 && etag.is_some() && request.header("if-none-match") == etag.as_deref() {
        response.status = 304;
        response.body.clear();
    }
    let mut out = stream;
    let mut head =
        format!("HTTP/1.1 {} {}\r\nConnection: close\r\n", response.status, reason(response.status));
    if !response.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-length")) {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        match response.drip {
            Some(pause) => {
                for byte in &response.body {
                    out.write_all(std::slice::from_ref(byte))?;
                    out.flush()?;
                    std::thread::sleep(pause);
                }
            }
            None => out.write_all(&response.body)?,
        }
    }
    out.flush()
}

impl Response {
    fn status_code(mut self, status: u16) -> Response {
        self.status = status;
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
