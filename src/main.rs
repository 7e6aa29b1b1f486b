use clap::Parser;

fn main() {
    quiet_on_closed_pipe();
    let cli = newsdesk::cli::Cli::parse();
    let ran = match &cli.command {
        _ if cli.print_default_config => {
            print!("{}", newsdesk::config::DEFAULT_TOML);
            Ok(0)
        }
        None => run_reader(&cli),
        Some(command) => newsdesk::cli::run(&cli, command),
    };
    match ran {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!("newsdesk: {}", newsdesk::domain::safe_text::clean_line(&message));
            std::process::exit(1);
        }
    }
}

/// `newsdesk` with no command: the reader, on the library the command line names. The
/// command line and the reader do not know each other; this is where they meet.
fn run_reader(cli: &newsdesk::cli::Cli) -> anyhow::Result<i32> {
    let (config, store, editable_config, _alive) = newsdesk::cli::context::open(cli)?.into_reader();
    newsdesk::runtime::run_reader(config, store, editable_config)?;
    Ok(0)
}

/// `newsdesk list | head` closes the pipe early; that is the reader's wish, not a crash.
/// Rust ignores SIGPIPE, so printing panics instead: end quietly in that one case.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if newsdesk::domain::contained::is_contained() {
            return;
        }
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
