//! Reference lists head office keeps for everyone (industries, visit purposes) and
//! sends to reps in bundles; forms offer them as suggestions, so files name things the
//! same way across the team.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferenceLists {
    pub industries: Vec<String>,
    pub purposes: Vec<String>,
    /// When head office last changed them; a list replaces an older one, never a newer.
    pub updated_at: Option<DateTime<Utc>>,
    pub by: String,
}

impl ReferenceLists {
    /// Whether these lists should replace `other`.
    pub fn newer_than(&self, other: &ReferenceLists) -> bool {
        self.updated_at > other.updated_at
    }

    pub fn is_empty(&self) -> bool {
        self.industries.is_empty() && self.purposes.is_empty()
    }
}

/// One item per line, trimmed, without blanks or repeats, in the order typed.
pub fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.iter().any(|x| x == line) {
            out.push(line.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lists_are_cleaned_and_newer_lists_win() {
        assert_eq!(
            lines(" 五金\n\n电子 \r\n五金\n食品"),
            ["五金", "电子", "食品"]
        );
        let old = ReferenceLists {
            updated_at: DateTime::from_timestamp(10, 0),
            ..Default::default()
        };
        let new = ReferenceLists {
            updated_at: DateTime::from_timestamp(20, 0),
            ..Default::default()
        };
        assert!(new.newer_than(&old) && !old.newer_than(&new) && !new.newer_than(&new));
        assert!(old.newer_than(&ReferenceLists::default()));
    }
}
