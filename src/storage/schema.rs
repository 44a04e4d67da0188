//! Names of the database and its object stores. Never spell them anywhere else.

/// The database the app uses. Tests open databases of their own names.
pub const DB_NAME: &str = "dossier";

/// Small key–value facts about this store (when it was created, …).
/// Records are [`super::db::MetaEntry`], keyed by `key`.
pub const META: &str = "meta";
/// Key path of [`META`].
pub const META_KEY: &str = "key";

/// Keys of [`META`] entries.
pub mod meta_keys {
    /// When this browser's store was first created.
    pub const CREATED_AT: &str = "created_at";
}
