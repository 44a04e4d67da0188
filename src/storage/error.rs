//! IndexedDB failures turned into [`StoreError`], which says what the user can do.

use indexed_db_futures::error::{DomException, Error, OpenDbError};
use wasm_bindgen::JsCast;

use crate::core::store::StoreError;

fn from_dom(name: &str, message: String) -> StoreError {
    match name {
        "VersionError" => StoreError::NewerVersion,
        "QuotaExceededError" => StoreError::QuotaExceeded,
        // The catalogue's archive-number index is the store's only unique constraint.
        "ConstraintError" => StoreError::DuplicateArchiveNo,
        _ => StoreError::Other {
            name: name.to_owned(),
            message,
        },
    }
}

fn dom_name(e: &DomException) -> String {
    e.as_ref().unchecked_ref::<web_sys::DomException>().name()
}

impl From<Error> for StoreError {
    fn from(e: Error) -> StoreError {
        from_idb(e)
    }
}

impl From<OpenDbError> for StoreError {
    fn from(e: OpenDbError) -> StoreError {
        from_open(e)
    }
}

fn from_idb(e: Error) -> StoreError {
    match e {
        Error::DomException(dom) => from_dom(&dom_name(&dom), dom.message()),
        Error::Serialisation(s) => StoreError::Corrupt(s.to_string()),
        Error::MissingData(m) => StoreError::Corrupt(m.to_string()),
        Error::Unknown(js) => StoreError::Other {
            name: "Error".into(),
            message: js.to_string(),
        },
    }
}

fn from_open(e: OpenDbError) -> StoreError {
    match e {
        OpenDbError::NullFactory | OpenDbError::UnsupportedEnvironment => StoreError::Unavailable,
        // Firefox's private windows refuse IndexedDB with InvalidStateError at open.
        OpenDbError::Base(Error::DomException(DomException::InvalidStateError(_))) => {
            StoreError::Unavailable
        }
        OpenDbError::Base(e) => from_idb(e),
        other => StoreError::Other {
            name: "OpenDbError".into(),
            message: other.to_string(),
        },
    }
}
