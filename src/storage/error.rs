//! Storage failures as a plain, cloneable type a screen can show.

use indexed_db_futures::error::{DomException, Error, OpenDbError};
use wasm_bindgen::JsCast;

/// Why the store could not do what was asked. Every variant maps to advice the user can
/// follow (see the `StorageError*` messages); none of them means data was lost.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No IndexedDB here (some private windows, disabled storage).
    #[error("IndexedDB is not available in this browser window")]
    Unavailable,
    /// The database was upgraded by a newer build; this older one must not touch it.
    #[error("the database was written by a newer version of Dossier")]
    NewerVersion,
    /// The disk or the browser's quota is full.
    #[error("there is no space left for Dossier's data")]
    QuotaExceeded,
    /// Another tab holds the database open at an older version.
    #[error("another Dossier tab is using an older version of the database")]
    Blocked,
    /// A stored record could not be read back as the expected type.
    #[error("a stored record could not be read: {0}")]
    Corrupt(String),
    /// Anything else the browser reported, by its DOMException name and message.
    #[error("{name}: {message}")]
    Other { name: String, message: String },
}

impl StorageError {
    fn from_dom(name: &str, message: String) -> Self {
        match name {
            "VersionError" => StorageError::NewerVersion,
            "QuotaExceededError" => StorageError::QuotaExceeded,
            _ => StorageError::Other {
                name: name.to_owned(),
                message,
            },
        }
    }
}

fn dom_name(e: &DomException) -> String {
    e.as_ref().unchecked_ref::<web_sys::DomException>().name()
}

impl From<Error> for StorageError {
    fn from(e: Error) -> Self {
        match e {
            Error::DomException(dom) => StorageError::from_dom(&dom_name(&dom), dom.message()),
            Error::Serialisation(s) => StorageError::Corrupt(s.to_string()),
            Error::MissingData(m) => StorageError::Corrupt(m.to_string()),
            Error::Unknown(js) => StorageError::Other {
                name: "Error".into(),
                message: js.to_string(),
            },
        }
    }
}

impl From<OpenDbError> for StorageError {
    fn from(e: OpenDbError) -> Self {
        match e {
            OpenDbError::NullFactory | OpenDbError::UnsupportedEnvironment => {
                StorageError::Unavailable
            }
            // Firefox's private windows refuse IndexedDB with InvalidStateError at open.
            OpenDbError::Base(Error::DomException(DomException::InvalidStateError(_))) => {
                StorageError::Unavailable
            }
            OpenDbError::Base(e) => e.into(),
            other => StorageError::Other {
                name: "OpenDbError".into(),
                message: other.to_string(),
            },
        }
    }
}
