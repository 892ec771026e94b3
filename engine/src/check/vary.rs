//! `Vary`.

use super::{ListError, TokenList};
use crate::headers::HeaderList;
use serde::{Deserialize, Serialize};

/// The header's name.
pub const NAME: &str = "Vary";

/// A parsed `Vary`: the request headers a cached copy of the response depends on.
///
/// Not a CORS header, but part of getting CORS right: a server that answers
/// `Access-Control-Allow-Origin` with the *request's* origin (an allow-list) must send
/// `Vary: Origin`, or a shared cache may hand the answer for one origin to another.
/// `*` varies on everything. Names are case-insensitive (kept lowercased).
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Vary>
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vary {
    /// The names as listed, lowercased, in order (`*` included if sent).
    pub names: Vec<String>,
}

/// Header names compare case-insensitively: kept lowercased.
impl From<TokenList> for Vary {
    fn from(list: TokenList) -> Vary {
        Vary { names: list.lowercased().items }
    }
}

impl Vary {
    /// Reads the header (repeated lines joined); absent means an empty list.
    pub fn from_headers(headers: &HeaderList) -> Result<Vary, ListError> {
        Ok(Vary::from(TokenList::from_headers(headers, NAME)?))
    }

    pub fn parse(value: &str) -> Result<Vary, ListError> {
        Ok(Vary::from(TokenList::parse(value)?))
    }

    /// Whether a cache keys the response on request header `name` (`*` covers all).
    pub fn varies_on(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == "*" || n.eq_ignore_ascii_case(name))
    }
}
