use clap::Parser;

fn main() {
    quiet_on_closed_pipe();
    let cli = newsdesk::cli::Cli::parse();
    match newsdesk::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!("newsdesk: {}", newsdesk::domain::safe_text::clean_line(&message));
            std::process::exit(1);
        }
    }
}

/// `newsdesk list | head` closes the pipe early; that is the reader's wish, not a crash.
/// Rust ignores SIGPIPE, so printing panics instead: end quietly in that one case.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
