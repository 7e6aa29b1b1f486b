//! Bytes to text: the byte order mark, the HTTP charset, the XML declaration, and a guess
//! when nothing is said or what is said is wrong.

use crate::content::html_text::charset_of_content_type;
use encoding_rs::Encoding;

/// Turns the bytes into UTF-8 text: BOM first, then the HTTP charset, then the XML declaration.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    // UTF-32's byte order marks begin like UTF-16's, so they are looked for first.
    if let Some((big_endian, skip)) = utf32_layout(bytes) {
        return drop_xml_encoding(&decode_utf32(&bytes[skip..], big_endian));
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return drop_xml_encoding(&encoding.decode_without_bom_handling(&bytes[bom_len..]).0);
    }
    // Without a mark, the first characters of an XML or JSON document tell UTF-16.
    match bytes {
        [0, b'<' | b'{', ..] => {
            return drop_xml_encoding(&encoding_rs::UTF_16BE.decode_without_bom_handling(bytes).0);
        }
        [b'<' | b'{', 0, ..] => {
            return drop_xml_encoding(&encoding_rs::UTF_16LE.decode_without_bom_handling(bytes).0);
        }
        _ => {}
    }
    let xml_label = xml_declared_encoding(bytes);
    let declared = content_type.and_then(charset_of_content_type).or_else(|| xml_label.clone());
    if let Some(big_endian) = declared.as_deref().and_then(utf32_label) {
        return drop_xml_encoding(&decode_utf32(bytes, big_endian));
    }
    let labelled = declared.and_then(|label| Encoding::for_label(label.as_bytes()));
    let is_unicode = |e: &'static Encoding| {
        e == encoding_rs::UTF_8 || e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE
    };
    match labelled {
        // Bytes that were UTF-16 were recognised above; a UTF-16 label on bytes that read as
        // ASCII is wrong, and the WHATWG standard reads them as UTF-8.
        None => utf8_or_guess(bytes, xml_label.as_deref()),
        Some(encoding) if is_unicode(encoding) => utf8_or_guess(bytes, xml_label.as_deref()),
        // Servers and feed generators often say ISO-8859-1 of what is UTF-8. Bytes beyond ASCII
        // that are valid UTF-8 are almost never text in a single-byte encoding.
        Some(_) if is_utf8_beyond_ascii(bytes) => utf8_or_guess(bytes, xml_label.as_deref()),
        // The bytes are UTF-8 now; a declaration that says otherwise would mislead the parser.
        Some(encoding) => drop_xml_encoding(&encoding.decode_without_bom_handling(bytes).0),
    }
}

fn is_utf8_beyond_ascii(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

/// Bytes said to be UTF-8, or not said to be anything. Valid UTF-8 is read as such. A document
/// of UTF-8 with stray bytes of another encoding (a Windows-1252 "é" pasted in) keeps its
/// UTF-8 and reads each stray byte as Windows-1252. A document with no UTF-8 beyond ASCII at
/// all is in some other encoding, which is guessed from its bytes. `xml_label` is what the
/// document's XML declaration says.
fn utf8_or_guess(bytes: &[u8], xml_label: Option<&str>) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) if has_utf8_beyond_ascii(bytes) => utf8_with_windows_1252_strays(bytes),
        Err(_) => {
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector
                .guess(None, chardetng::Utf8Detection::Deny)
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
    };
    // The text is UTF-8 now, whatever its declaration says.
    match xml_label {
        Some(label) if !label.eq_ignore_ascii_case("utf-8") => drop_xml_encoding(&text),
        _ => text,
    }
}

/// Whether some multi-byte UTF-8 sequence is among the bytes.
fn has_utf8_beyond_ascii(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => return !text.is_ascii(),
            Err(e) => {
                if !rest[..e.valid_up_to()].is_ascii() {
                    return true;
                }
                rest = &rest[e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to())..];
            }
        }
    }
}

pub(super) fn utf8_with_windows_1252_strays(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let stray = &after[..e.error_len().unwrap_or(after.len())];
                out.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(stray).0);
                rest = &after[stray.len()..];
            }
        }
    }
}

/// UTF-32 by its byte order mark, or by a document that starts with `<` or `{` in it:
/// whether it is big-endian, and the bytes to skip.
pub(super) fn utf32_layout(bytes: &[u8]) -> Option<(bool, usize)> {
    match bytes {
        [0, 0, 0xfe, 0xff, ..] => Some((true, 4)),
        [0xff, 0xfe, 0, 0, ..] => Some((false, 4)),
        [0, 0, 0, b'<' | b'{', ..] => Some((true, 0)),
        [b'<' | b'{', 0, 0, 0, ..] => Some((false, 0)),
        _ => None,
    }
}

/// Whether a charset label names UTF-32 (the WHATWG list has no UTF-32), and its order.
pub(super) fn utf32_label(label: &str) -> Option<bool> {
    match label.trim().to_ascii_lowercase().as_str() {
        "utf-32" | "utf32" | "utf-32be" | "ucs-4" | "iso-10646-ucs-4" => Some(true),
        "utf-32le" => Some(false),
        _ => None,
    }
}

/// UTF-32 text; a code unit that is no character becomes U+FFFD.
pub(super) fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks_exact(4)
        .map(|unit| {
            let unit = [unit[0], unit[1], unit[2], unit[3]];
            let code = if big_endian { u32::from_be_bytes(unit) } else { u32::from_le_bytes(unit) };
            char::from_u32(code).unwrap_or('\u{fffd}')
        })
        .collect()
}

pub(super) fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let decl = &head[head.find("<?xml")?..];
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let value = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next()?;
    let inner = &value[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

pub(super) fn drop_xml_encoding(text: &str) -> String {
    let trimmed = text.trim_start();
    if let Some(end) = trimmed.strip_prefix("<?xml").and_then(|_| trimmed.find("?>")) {
        format!("<?xml version=\"1.0\"?>{}", &trimmed[end + 2..])
    } else {
        text.to_string()
    }
}
