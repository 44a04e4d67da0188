//! Small marks: secret level, credit grade, status.

use leptos::prelude::*;

use crate::core::customer::model::{CreditGrade, SecretLevel, Status};
use crate::core::i18n::{Msg, labels};
use crate::ui::i18n::use_i18n;

/// The secret-level mark the regulations require in the catalogue; nothing when open.
#[component]
pub fn SecretMark(level: SecretLevel) -> impl IntoView {
    let i18n = use_i18n();
    (level != SecretLevel::None).then(|| {
        view! {
            <span class="mark secret" data-level=format!("{level:?}") data-testid="secret-mark">
                {i18n.t(labels::secret(level))}
            </span>
        }
    })
}

/// "Grade A" / "A 级".
#[component]
pub fn GradeMark(grade: CreditGrade) -> impl IntoView {
    let i18n = use_i18n();
    let letter = format!("{grade:?}");
    let data = letter.clone();
    view! {
        <span class="mark grade" data-grade=data>
            {move || i18n.format(Msg::GradeValue, &[("grade", &letter)])}
        </span>
    }
}

/// Dormant or closed; nothing for an active file.
#[component]
pub fn StatusMark(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    (status != Status::Active)
        .then(|| view! { <span class="mark status">{i18n.t(labels::status(status))}</span> })
}
