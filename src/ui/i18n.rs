//! The language context: which [`Lang`] is shown, remembered across visits.

use leptos::prelude::*;

use crate::core::i18n::{Lang, Msg, Note};
use crate::core::store::StoreError;
use crate::platform::prefs;

/// The interface language, shared by every component.
#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

impl I18n {
    /// The remembered choice, else the browser's preference.
    fn initial() -> Lang {
        prefs::language().unwrap_or_else(|| {
            let preferred = prefs::browser_languages();
            Lang::negotiate(preferred.iter().map(String::as_str))
        })
    }

    /// The current language (tracked).
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// Switches language and remembers the choice.
    pub fn set(self, lang: Lang) {
        self.0.set(lang);
        prefs::set_language(lang);
    }

    /// A reactive text for views: `{i18n.t(Msg::NavCustomers)}`.
    pub fn t(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || msg.text(self.0.get())
    }

    /// A reactive text with parameters filled.
    pub fn format(self, msg: Msg, args: &[(&str, &str)]) -> String {
        msg.format(self.0.get(), args)
    }

    /// A note kept in a record, as the reader reads it now: typed text as typed, the
    /// app's own sentence in the current language (tracked).
    pub fn note(self, note: &Note) -> String {
        note.text(self.0.get()).into_owned()
    }
}

/// Provides the language context and keeps `<html lang>` and the title in step with it,
/// so screen readers and the browser's own spell checker follow the choice.
pub fn provide_i18n() -> I18n {
    let i18n = I18n(RwSignal::new(I18n::initial()));
    provide_context(i18n);
    Effect::new(move || {
        let lang = i18n.lang();
        let document = document();
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        document.set_title(Msg::AppName.text(lang));
    });
    i18n
}

/// What a storage failure means for the user and what to do, in the current language.
pub fn store_error_text(i18n: I18n, error: &StoreError) -> String {
    let msg = match error {
        StoreError::NewerVersion => Msg::StorageErrorNewer,
        StoreError::QuotaExceeded => Msg::StorageErrorFull,
        StoreError::Unavailable => Msg::StorageErrorUnavailable,
        StoreError::Conflict => Msg::StorageErrorConflict,
        StoreError::DuplicateArchiveNo => Msg::StorageErrorDuplicateNo,
        StoreError::VisitFinal => Msg::StorageErrorVisitFinal,
        StoreError::Locked => Msg::StorageErrorLocked,
        StoreError::Tampered => Msg::StorageErrorTampered,
        StoreError::Cancelled => Msg::StorageErrorCancelled,
        StoreError::OtherBuild => Msg::WorkerOtherBuild,
        StoreError::FileUnreadable => Msg::ErrFileUnreadable,
        StoreError::Worker(detail) => {
            return i18n.format(Msg::StorageErrorWorker, &[("detail", detail)]);
        }
        other => return i18n.format(Msg::StorageErrorOther, &[("detail", &other.to_string())]),
    };
    i18n.t(msg)().to_owned()
}

/// Why a workbook was not read or written, and what to do, in the current language.
pub fn xlsx_failure_text(i18n: I18n, failure: &crate::platform::xlsx::XlsxFailure) -> String {
    use crate::core::interchange::xlsx::ReadError;
    use crate::platform::xlsx::XlsxFailure;
    match failure {
        XlsxFailure::Read(ReadError::Unrecognised) => i18n.t(Msg::XlsxUnrecognised)().to_owned(),
        XlsxFailure::Read(ReadError::Empty) => i18n.t(Msg::XlsxEmpty)().to_owned(),
        XlsxFailure::Read(ReadError::Damaged(reason)) => {
            i18n.format(Msg::XlsxDamaged, &[("reason", reason)])
        }
        XlsxFailure::Worker(reason) => i18n.format(Msg::XlsxWorker, &[("reason", reason)]),
        XlsxFailure::OtherBuild => i18n.t(Msg::WorkerOtherBuild)().to_owned(),
        XlsxFailure::Cancelled => i18n.t(Msg::XlsxCancelled)().to_owned(),
        XlsxFailure::Write(reason) => i18n.format(Msg::XlsxWrite, &[("reason", reason)]),
    }
}

/// The language context provided by the app.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Buttons that switch the language, each labelled in its own language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=i18n.t(Msg::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.code()
                            data-testid=format!("lang-{}", lang.code())
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| i18n.set(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
