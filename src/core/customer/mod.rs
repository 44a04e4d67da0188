//! Customer files: the record, its rules, and the use cases that change it.

pub mod archive_no;
pub mod catalogue;
pub mod check;
pub mod destruction;
pub mod generate;
pub mod grade;
pub mod history;
pub mod model;
pub mod money;
pub mod query;
pub mod review;
pub mod save;
#[cfg(test)]
mod search_hostile;
#[cfg(test)]
mod search_names;
pub mod spelt;
pub mod validate;
