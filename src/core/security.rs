//! What happens to a laptop's locks and what its users report, carried to head office:
//! security events (failed unlocks, a recovery key used, a passphrase changed, a restore,
//! an integrity failure) and leak reports (seed 000 第十九条).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One event on a laptop's locks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityEvent {
    pub id: String,
    pub at: Option<DateTime<Utc>>,
}

/// A leak report: what leaked, when, and which files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeakReport {
    pub id: String,
    pub at: Option<DateTime<Utc>>,
}
