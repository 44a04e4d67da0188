//! Merging what the rep and head office changed without seeing each other's changes.
//!
//! - `hlc`: hybrid logical clocks, which order edits across machines whose clocks
//!   disagree, and never run backwards on one machine.
//! - `merge`: customer files merged field by field. Each edited field keeps the versions
//!   no other version has seen (a multi-value register with a version vector per value).
//!   Merging is commutative, associative and idempotent, so every side converges to the
//!   same file whatever order bundles arrive in; two versions of one field that did not
//!   know of each other are a conflict that a person resolves.

pub mod hlc;
pub mod merge;
