use clap::Parser;

fn main() {
    let cli = newsdesk::cli::Cli::parse();
    match newsdesk::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!("newsdesk: {}", newsdesk::text::clean_line(&message));
            std::process::exit(1);
        }
    }
}
