//! Turning page bytes into text the way browsers do: BOM, then the HTTP charset, then the
//! page's own `<meta>` declaration, then UTF-8 if the bytes are valid UTF-8, else windows-1252.

use encoding_rs::Encoding;

pub fn decode_html(bytes: &[u8], header_charset: Option<&str>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let declared = header_charset
        .filter(|c| !c.trim().is_empty())
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    let encoding = match declared {
        // A page cannot really be UTF-16 without a BOM; browsers read such claims as UTF-8.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset a page declares in its first 1024 bytes, as the HTML prescan finds it.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(pos) = tag.find("charset") {
            let value = tag[pos + 7..].trim_start();
            if let Some(value) = value.strip_prefix('=') {
                let value = value.trim_start().trim_start_matches(['"', '\'']);
                let end =
                    value.find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '/');
                let label = &value[..end.unwrap_or(value.len())];
                if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
                    return Some(encoding);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_beats_meta_and_meta_beats_guessing() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xc3\xa9</body></html>";
        assert!(decode_html(page, Some("utf-8")).contains("café"));
        assert!(decode_html(page, None).contains("cafÃ©"));
        let cyrillic = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_html(cyrillic, None).contains("Привет"));
        let sjis = b"<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>";
        assert!(decode_html(sjis, None).contains("日本"));
        assert!(decode_html(b"<p>caf\xe9</p>", None).contains("café"));
    }
}
