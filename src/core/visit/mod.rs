//! Visit-call records (拜访 / 回访记录): filled on site, autosaved as a draft on every
//! change, final once submitted.

pub mod agenda;
pub mod model;
pub mod submit;
pub mod survey;
pub mod visit_time;

#[cfg(test)]
mod agenda_hostile;
