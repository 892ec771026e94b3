//! The value shared by the list headers: `Access-Control-Allow-Methods`,
//! `Access-Control-Allow-Headers`, `Access-Control-Expose-Headers` and `Vary`.

use crate::headers::{split_list, HeaderList};
use crate::safelist::is_valid_header_name;
use serde::{Deserialize, Serialize};

/// A list header whose value is not a comma-separated list of tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListError {
    /// The whole (combined) value.
    pub value: String,
    /// The first item that is not a token (`PUT DELETE`, `"x"`, `x@y`).
    pub item: String,
}

/// A list header's value read as tokens, the way Chromium reads
/// `Access-Control-Allow-Methods` and `-Headers` (`ParseAccessControlAllowList` in
/// `services/network/public/cpp/cors/preflight_result.cc`):
///
/// - the value is cut at commas that are not inside a quoted string, each item stripped
///   of tabs and spaces (Fetch §2.2.2 "get, decode, and split");
/// - empty items are skipped (`GET,, PUT,` is `GET`, `PUT`; an empty value, or one of
///   only commas and spaces, is an empty list), as Chromium's `ValuesIterator` with
///   `ignore_empty_values` does;
/// - any other item that is not a token (`PUT DELETE`, a quoted string, `x@y`) makes
///   the whole value invalid ([`ListError`] names the first such item).
///
/// Unlike Chromium's set, the items keep their order and repeats: callers report them as
/// listed. Case is kept; [`TokenList::lowercased`] is for the lists of header names,
/// which compare case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenList {
    /// The tokens, in order.
    pub items: Vec<String>,
}

impl TokenList {
    /// Parses one (combined) value.
    pub fn parse(value: &str) -> Result<TokenList, ListError> {
        let mut items = Vec::new();
        for item in split_list(value) {
            if item.is_empty() {
                continue;
            }
            if !is_valid_header_name(&item) {
                return Err(ListError { value: value.to_string(), item });
            }
            items.push(item);
        }
        Ok(TokenList { items })
    }

    /// Reads header `name` (repeated lines joined with `, `); absent means an empty list.
    pub fn from_headers(headers: &HeaderList, name: &str) -> Result<TokenList, ListError> {
        match headers.get(name) {
            None => Ok(TokenList::default()),
            Some(value) => TokenList::parse(&value),
        }
    }

    /// The same list with every token lowercased (header names).
    pub fn lowercased(self) -> TokenList {
        TokenList { items: self.items.into_iter().map(|t| t.to_ascii_lowercase()).collect() }
    }

    /// Whether `*` is listed.
    pub fn has_wildcard(&self) -> bool {
        self.items.iter().any(|t| t == "*")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(value: &str) -> Vec<String> {
        TokenList::parse(value).unwrap().items
    }

    #[test]
    fn empty_items_are_skipped_and_items_trimmed() {
        assert_eq!(items("GET,, PUT,"), vec!["GET", "PUT"]);
        assert_eq!(items(" \tx-a ,x-b\t"), vec!["x-a", "x-b"]);
        assert!(items("").is_empty());
        assert!(items(" , ,").is_empty());
        assert_eq!(items("a, a"), vec!["a", "a"]);
    }

    #[test]
    fn an_item_that_is_not_a_token_spoils_the_list() {
        assert_eq!(TokenList::parse("GET, PUT DELETE"), Err(ListError { value: "GET, PUT DELETE".into(), item: "PUT DELETE".into() }));
        // A quoted string is one item, commas and all, and not a token.
        assert_eq!(TokenList::parse("\"a, b\", c").unwrap_err().item, "\"a, b\"");
        assert!(TokenList::parse("x@y").is_err());
    }

    #[test]
    fn absent_is_empty_and_lines_are_joined() {
        assert_eq!(TokenList::from_headers(&HeaderList::new(), "Vary"), Ok(TokenList::default()));
        let h = HeaderList::new().with("Vary", "Accept").with("vary", "Origin");
        assert_eq!(TokenList::from_headers(&h, "Vary").unwrap().items, vec!["Accept", "Origin"]);
        assert_eq!(TokenList::parse("X-A, *").unwrap().lowercased().items, vec!["x-a", "*"]);
        assert!(TokenList::parse("X-A, *").unwrap().has_wildcard());
    }
}
