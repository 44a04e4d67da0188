//! Customer files: the list (`list.rs`), one file (`detail.rs`), and its form (`edit.rs`,
//! sections in `sections.rs`), its conflicts after an import (`conflicts.rs`). Small
//! marks shared by them are in `badges.rs`.

mod badges;
mod card;
mod conflicts;
mod detail;
mod edit;
mod import;
mod lifecycle;
mod list;
pub(crate) mod proposals;
mod sales;
mod sales_import;
mod sections;

pub use card::CustomerCardPage;
pub use detail::{BeforeVisit, CustomerPage};
pub use edit::{CustomerEditPage, NewCustomerPage};
pub use import::ImportPage;
pub use lifecycle::{destruction_line, destruction_line_parts, record_review};
pub use list::CustomersPage;
