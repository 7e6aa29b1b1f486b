//! HTML's named character references, all of HTML5's 2,231 (`&aacute;`, `&ccaron;`,
//! `&hookleftarrow;`), which real feeds use without declaring them. The table is html5ever's
//! (through `markup5ever`, already in the tree for `dom_query`).

/// The text an HTML named reference stands for (one character or two), given its name
/// without `&` and `;`.
pub fn lookup(name: &str) -> Option<String> {
    if name.is_empty() || name.len() > 32 {
        return None;
    }
    let key = format!("{name};");
    let &(first, second) = markup5ever::data::NAMED_ENTITIES.get(key.as_str())?;
    // The table also holds every prefix of a name, for a tokenizer; those map to nothing.
    let first = char::from_u32(first).filter(|_| first != 0)?;
    Some(std::iter::once(first).chain(char::from_u32(second).filter(|_| second != 0)).collect())
}

#[cfg(test)]
mod tests {
    use super::lookup;

    #[test]
    fn every_html5_name_is_known_and_prefixes_are_not() {
        assert_eq!(lookup("aacute").as_deref(), Some("á"));
        assert_eq!(lookup("ccaron").as_deref(), Some("č"));
        assert_eq!(lookup("lstrok").as_deref(), Some("ł"));
        assert_eq!(lookup("hookleftarrow").as_deref(), Some("↩"));
        assert_eq!(lookup("mdash").as_deref(), Some("—"));
        assert_eq!(lookup("NotEqualTilde").as_deref(), Some("≂\u{338}"), "two characters");
        assert_eq!(lookup("hookleftarro"), None, "a prefix is no name");
        assert_eq!(lookup("bogus"), None);
        // HTML5's 2,231: 2,125 names with their `;`, and 106 old ones also valid without it.
        let table = &markup5ever::data::NAMED_ENTITIES;
        let names = table.entries().filter(|(_, v)| v.0 != 0).count();
        assert_eq!(names, 2231);
        assert_eq!(table.keys().filter(|k| k.ends_with(';')).count(), 2125);
    }
}
