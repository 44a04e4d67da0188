//! Hybrid logical clocks (Kulkarni et al.): wall-clock milliseconds, a counter for
//! events in the same millisecond or after a clock that ran ahead, and the node id as
//! the last tie-break, so every stamp is unique and totally ordered.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub ms: u64,
    pub counter: u32,
    pub node: String,
}

impl Hlc {
    /// The stamp of a local event at wall time `now_ms`, after `last` (this node's
    /// previous stamp or the latest one it has seen).
    pub fn tick(last: &Hlc, now_ms: u64, node: &str) -> Hlc {
        if now_ms > last.ms {
            Hlc {
                ms: now_ms,
                counter: 0,
                node: node.to_owned(),
            }
        } else {
            // Checked: a counter at its end moves the clock on a millisecond instead.
            match last.counter.checked_add(1) {
                Some(counter) => Hlc {
                    ms: last.ms,
                    counter,
                    node: node.to_owned(),
                },
                None => Hlc {
                    ms: last.ms.saturating_add(1),
                    counter: 0,
                    node: node.to_owned(),
                },
            }
        }
    }

    /// The later of two stamps: what a node remembers after seeing `other`.
    pub fn observe(&self, other: &Hlc) -> Hlc {
        if other > self {
            other.clone()
        } else {
            self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_increase_even_when_the_wall_clock_goes_back() {
        let a = Hlc::tick(&Hlc::default(), 1000, "a");
        let b = Hlc::tick(&a, 900, "a");
        let c = Hlc::tick(&b, 900, "a");
        assert!(a < b && b < c);
        // After seeing a stamp from a machine whose clock runs ahead, later local
        // events still come after it.
        let ahead = Hlc::tick(&Hlc::default(), 5000, "z");
        let seen = c.observe(&ahead);
        assert!(Hlc::tick(&seen, 1200, "a") > ahead);
    }
}
