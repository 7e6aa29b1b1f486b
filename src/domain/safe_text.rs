//! Making text from the network safe to show: no control bytes, no escape sequences.

/// Removes terminal escape sequences (CSI, OSC, DCS and friends), C0 and C1 control
/// characters, and bidirectional overrides. Newlines and tabs survive when `keep_lines`.
fn strip(input: &str, keep_lines: bool) -> String {
    if is_clean(input, keep_lines) {
        return input.to_owned();
    }
    rebuild(input, keep_lines)
}

/// `strip`, a character at a time.
fn rebuild(input: &str, keep_lines: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if skip_sequence(c, &mut chars) {
            continue;
        }
        match c {
            '\n' if keep_lines => out.push('\n'),
            '\t' if keep_lines => out.push_str("    "),
            '\n' | '\t' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c if is_bidi_control(c) || is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `strip` would return `input` unchanged. Nearly all stored text is, and checking
/// is several times cheaper than rebuilding it a character at a time.
fn is_clean(input: &str, keep_lines: bool) -> bool {
    // Every character `strip` changes is ASCII or starts with one of these UTF-8 lead bytes
    // (C1 controls and U+00AD: C2; U+061C: D8; U+180E: E1; U+200B to U+2069: E2; U+FEFF: EF),
    // so only the characters at such bytes need decoding.
    let suspect = if keep_lines { &SUSPECT_IN_BLOCK } else { &SUSPECT_IN_LINE };
    let mut rest = input;
    while let Some(at) = rest.bytes().position(|b| suspect[usize::from(b)]) {
        // A suspect byte is ASCII or a lead byte, so `at` is a character boundary.
        let Some(c) = rest[at..].chars().next() else { return true };
        if c.is_control() || is_bidi_control(c) || is_invisible(c) {
            return false;
        }
        rest = &rest[at + c.len_utf8()..];
    }
    true
}

const fn suspect_bytes(keep_lines: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'\n' as usize] = !keep_lines;
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xd8] = true;
    table[0xe1] = true;
    table[0xe2] = true;
    table[0xef] = true;
    table
}

static SUSPECT_IN_LINE: [bool; 256] = suspect_bytes(false);
static SUSPECT_IN_BLOCK: [bool; 256] = suspect_bytes(true);

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Characters that take no room and show nothing, which pages use to hide text or to break
/// searching: zero-width space, word joiner, soft hyphen, invisible operators, BOM.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{00ad}' | '\u{feff}' | '\u{180e}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// When `c` opens an escape sequence (ESC, or the C1 CSI), skips the rest of it and says so.
/// The C1 string openers (DCS, SOS, OSC, PM, APC) are not followed to their end: in real
/// text they are Windows-1252 punctuation (0x9D is half of a mangled "”"), and with no
/// terminator in sight the rest of the text would go; dropped alone, they do nothing.
fn skip_sequence(c: char, chars: &mut Chars<'_>) -> bool {
    match c {
        '\u{1b}' => skip_escape(chars),
        '\u{9b}' => skip_csi(chars),
        _ => return false,
    }
    true
}

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_csi(chars: &mut Chars<'_>) {
    // Parameters and intermediates, then one final byte in 0x40..=0x7e.
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !(' '..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut Chars<'_>) {
    // Runs to BEL, ST (ESC \) or the C1 ST.
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}
/// Removes whole escape sequences introduced by ESC and nothing else,
/// Removes whole escape sequences (introduced by ESC or a C1 control) and nothing else,
/// for text that is still to be parsed: dropping only the ESC byte would leave `[31m` behind.
pub fn drop_escape_sequences(input: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(0x1b, input.as_bytes()).is_none() {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape(&mut chars);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One line of safe text: controls removed, runs of white space folded to one space.
pub fn clean_line(input: &str) -> String {
    let stripped = strip(input, false);
    let mut out = String::with_capacity(stripped.len());
    for word in stripped.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `clean_line` for text already owned: a clean line is handed back without a copy.
pub fn into_clean_line(input: String) -> String {
    let folded = !input.starts_with(' ')
        && !input.ends_with(' ')
        && !input.contains("  ")
        && input.chars().all(|c| c == ' ' || !c.is_whitespace());
    if folded && is_clean(&input, false) { input } else { clean_line(&input) }
}

/// A line of text that is safe to show on a terminal: no control characters, no escape
/// sequences, no bidi overrides or invisible characters, white space folded. It is cleaned
/// once, when it is made, so whatever holds one can print it as it is.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct SafeText(String);

impl SafeText {
    pub fn new(text: &str) -> SafeText {
        SafeText(clean_line(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<String> for SafeText {
    fn from(text: String) -> SafeText {
        SafeText(into_clean_line(text))
    }
}

impl From<&str> for SafeText {
    fn from(text: &str) -> SafeText {
        SafeText::new(text)
    }
}

impl From<&String> for SafeText {
    fn from(text: &String) -> SafeText {
        SafeText::new(text)
    }
}

impl std::ops::Deref for SafeText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SafeText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SafeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for SafeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

impl PartialEq<str> for SafeText {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SafeText {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for SafeText {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// A block of safe text that keeps its line breaks.
pub fn clean_block(input: &str) -> String {
    strip(input, true)
}

/// `clean_block` for text already owned: clean text is handed back without a copy.
pub fn into_clean_block(input: String) -> String {
    if is_clean(&input, true) { input } else { rebuild(&input, true) }
}

/// Cuts `s` to at most `max` bytes at a character boundary.
pub fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An address fit to show: user name and password replaced, controls removed.
pub fn mask(url: &str) -> SafeText {
    match url::Url::parse(url) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("***");
            let _ = u.set_password(None);
            SafeText::new(u.as_str())
        }
        _ => SafeText::new(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_agrees_with_stripping_for_every_character_it_could_miss() {
        let tricky = (0u32..0x3000).chain(0xfe00..0x10000).chain([0x1f600, 0xe0001]);
        for c in tricky.filter_map(char::from_u32) {
            let text = format!("a{c}b");
            for keep_lines in [false, true] {
                let unchanged = rebuild(&text, keep_lines) == text;
                assert_eq!(
                    is_clean(&text, keep_lines),
                    unchanged,
                    "U+{:04X}, keep_lines {keep_lines}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        let hostile = "Hi\u{1b}[31mred\u{1b}[0m \u{1b}]0;pwned\u{7}title\u{7}\u{9b}2Jx\u{202e}y\r\nz";
        assert_eq!(clean_line(hostile), "Hired titlexy z");
        // An 8-bit OSC with no end in sight costs only itself, not the text after it.
        assert_eq!(clean_line("said \u{9d}small\u{9d} amount"), "said small amount");
    }

    #[test]
    fn osc8_with_string_terminator_is_removed() {
        let s = "a\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\b";
        assert_eq!(clean_line(s), "alinkb");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(clean_line("in\u{200b}vis\u{ad}ible\u{feff}\u{2060}"), "invisible");
    }

    #[test]
    fn blocks_keep_newlines_and_expand_tabs() {
        assert_eq!(clean_block("a\tb\nc\u{0}d"), "a    b\ncd");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_bytes("héllo", 2), "h");
        assert_eq!(truncate_bytes("héllo", 3), "hé");
        assert_eq!(truncate_bytes("abc", 10), "abc");
    }

    #[test]
    fn credentials_are_masked() {
        assert_eq!(mask("https://bob:hunter2@example.org/feed"), "https://***@example.org/feed");
        assert_eq!(mask("https://example.org/feed"), "https://example.org/feed");
    }

    #[test]
    fn safe_text_is_cleaned_once_when_made() {
        let made = SafeText::from("Slow \u{1b}[31mRed\u{1b}[0m\n  Feed".to_string());
        assert_eq!(made, "Slow Red Feed");
        assert_eq!(SafeText::from("\u{202e}txt.exe"), "txt.exe");
        let clean = String::from("Already clean");
        let pointer = clean.as_ptr();
        assert_eq!(SafeText::from(clean).as_str().as_ptr(), pointer, "a clean line is not copied");
        assert_eq!(into_clean_line("a\u{a0}b  c ".into()), "a b c");
    }

    #[test]
    fn whole_sequences_go_before_parsing() {
        assert_eq!(drop_escape_sequences("Slow \u{1b}[31mRed\u{1b}[0m Feed"), "Slow Red Feed");
        assert_eq!(drop_escape_sequences("a\u{1b}[2Jb\u{1b}]0;title\u{7}c\nd"), "abc\nd");
        // C1 controls stay until the text is cleaned: a feed's mangled quotes are read first.
        assert_eq!(drop_escape_sequences("\u{93}a\u{9d}b"), "\u{93}a\u{9d}b");
        assert!(matches!(drop_escape_sequences("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
