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
    let declared = content_type.and_then(charset_of_content_type).or_else(|| xml_declared_encoding(bytes));
    if let Some(big_endian) = declared.as_deref().and_then(utf32_label) {
        return drop_xml_encoding(&decode_utf32(bytes, big_endian));
    }
    let labelled =
        declared.and_then(|label| Encoding::for_label(label.as_bytes())).unwrap_or(encoding_rs::UTF_8);
    // Bytes that were UTF-16 were recognised above; a UTF-16 label on bytes that read as
    // ASCII is wrong, and the WHATWG standard reads them as UTF-8.
    let utf16_label = labelled == encoding_rs::UTF_16LE || labelled == encoding_rs::UTF_16BE;
    let encoding = if utf16_label { encoding_rs::UTF_8 } else { labelled };
    let text = encoding.decode_without_bom_handling(bytes).0;
    if labelled == encoding_rs::UTF_8 {
        undo_double_encoding(text.into_owned())
    } else {
        // The bytes are UTF-8 now; a declaration that says otherwise would mislead the parser.
        drop_xml_encoding(&text)
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

/// Text that was UTF-8, read as Windows-1252 and written out as UTF-8 again ("CafÃ©"). When
/// every character of the document maps back to one Windows-1252 byte and those bytes are
/// UTF-8 with characters beyond ASCII, the document is read again from them. Real text in
/// Windows-1252 ("Café") does not come back as UTF-8, so it is left as it is.
pub(super) fn undo_double_encoding(text: String) -> String {
    // Only a document with the marks of it is tried: Ã, Â, Ð, Ñ (C3 83, 82, 90, 91) before a
    // character of U+0080 to U+00BF (C2 80 to BF), or â (C3 A2) before € (E2 82 AC).
    let bytes = text.as_bytes();
    let marked = memchr::memchr_iter(0xc3, bytes).any(|at| {
        matches!(
            bytes.get(at + 1..at + 4),
            Some([0x82 | 0x83 | 0x90 | 0x91, 0xc2, 0x80..=0xbf] | [0xa2, 0xe2, 0x82])
        )
    });
    if !marked {
        return text;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable || bytes.is_ascii() {
        return text;
    }
    match String::from_utf8(bytes.into_owned()) {
        Ok(fixed) if fixed.len() < text.len() => fixed,
        _ => text,
    }
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
