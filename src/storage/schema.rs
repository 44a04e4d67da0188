//! Names of the database, its object stores and indexes. Never spell them anywhere else.

/// The database the app uses. Tests open databases of their own names.
pub const DB_NAME: &str = "dossier";

/// Small key–value facts (profile, archive sequences, creation time), keyed by `key`.
pub const META: &str = "meta";
pub const META_KEY: &str = "key";

/// Whole customer files, keyed by `id`.
pub const CUSTOMERS: &str = "customers";
/// One catalogue entry per file, keyed by `id` (V2 to V9). Since V10 the entries live in
/// [`CATALOGUE_PAGES`], moved there when the database opens; this store stays empty.
pub const CATALOGUE: &str = "catalogue";
/// The catalogue, what lists and search load: pages of entries (`storage::catalogue`),
/// keyed by their number.
pub const CATALOGUE_PAGES: &str = "catalogue_pages";
pub const CATALOGUE_PAGES_KEY: &str = "page";
/// Multi-entry indexes of [`CATALOGUE_PAGES`]: the ids of a page's files, and their
/// archive numbers (unique across the store).
pub const CATALOGUE_PAGES_BY_ID: &str = "ids";
pub const CATALOGUE_PAGES_BY_ARCHIVE_NO: &str = "archive_nos";
/// Change history entries, keyed by `id`.
pub const HISTORY: &str = "history";
/// Autosaved form drafts, keyed by the form (`customer:new`, `customer:<id>`).
pub const DRAFTS: &str = "drafts";

pub const ID: &str = "id";

/// Indexes of [`CATALOGUE`], each on the field of the same name; archive numbers unique.
/// An entry's fields keep these names in [`CATALOGUE_PAGES`]. Since V9 only these two:
/// the others were never read, and IndexedDB pays for every index at every write (a bulk
/// load of 10,000 entries, 4.4 s with all eight, 3.2 s with the archive number's alone,
/// measured in plain JavaScript).
pub mod catalogue_index {
    pub const ARCHIVE_NO: &str = "archive_no";
    pub const SECRET: &str = "secret";
    /// Created by V2, one per field; all but [`SECRET`] dropped by V9 ([`UNREAD`]).
    pub const BY_FIELD: [&str; 7] = [
        "status",
        "secret",
        "region",
        "industry",
        "importance",
        "grade_established",
        "updated_at",
    ];
    /// The V2 field indexes nothing reads, dropped by V9.
    pub const UNREAD: [&str; 6] = [
        "status",
        "region",
        "industry",
        "importance",
        "grade_established",
        "updated_at",
    ];
}

/// Visit-call records one per record, keyed by `id` (V3 to V7). Since V8 they live in
/// [`VISIT_BOOKS`], moved there when the database opens; this store stays empty. Its
/// name is still the one a sealed visit is bound to.
pub const VISITS: &str = "visits";
/// Indexes of [`VISITS`] (V3): by customer, and by status.
pub const VISITS_BY_CUSTOMER: &str = "customer_id";
pub const VISITS_BY_STATUS: &str = "status";

/// Each file's visit-call records, drafts and submitted, in one record keyed by
/// `customer_id` (`storage::visits::Book`).
pub const VISIT_BOOKS: &str = "visit_books";
pub const VISIT_BOOKS_KEY: &str = "customer_id";
/// Multi-entry indexes of [`VISIT_BOOKS`]: the ids of a book's visits, and of its drafts.
pub const VISIT_BOOKS_BY_VISIT: &str = "visit_ids";
pub const VISIT_BOOKS_WITH_DRAFTS: &str = "draft_ids";

/// The complaint register, keyed by `id`, with a unique index on the acceptance number.
pub const COMPLAINTS: &str = "complaints";
pub const COMPLAINTS_BY_NUMBER: &str = "acceptance_no";
pub const COMPLAINTS_BY_CUSTOMER: &str = "customer_id";

/// The stores of a file's own records: the file, its history, visits and complaints.
pub const FILE_RECORDS: [&str; 4] = [CUSTOMERS, HISTORY, VISIT_BOOKS, COMPLAINTS];

/// The viewing record (调阅记录): sealed entries keyed by `id`, the zero-padded
/// sequence number.
pub const VIEWING_LOG: &str = "viewing_log";

/// The custody log of bundles exported and imported, keyed by `id`.
pub const CUSTODY_LOG: &str = "custody_log";
/// Head office: the viewing records reps sent, keyed by `id` (`<device>:<seq>`).
pub const REMOTE_VIEWINGS: &str = "remote_viewings";

/// Destruction records (销毁记录) of destroyed files, keyed by `customer_id`.
pub const DESTRUCTIONS: &str = "destructions";
pub const DESTRUCTIONS_KEY: &str = "customer_id";

/// Index of [`HISTORY`] by the file it belongs to.
pub const HISTORY_BY_CUSTOMER: &str = "customer_id";

/// Keys of [`META`] entries.
pub mod meta_keys {
    /// When this browser's store was first created.
    pub const CREATED_AT: &str = "created_at";
    /// The device's [`crate::core::store::Profile`].
    pub const PROFILE: &str = "profile";
    /// Which [`crate::storage::catalogue`] format the entries were last brought to.
    pub const CATALOGUE_FORMAT: &str = "catalogue_format";
    /// The [`crate::core::vault::VaultHeader`]: the data key, wrapped.
    pub const VAULT: &str = "vault";
    /// A short known text sealed under the data key: how the bundle worker checks that
    /// the key the page hands it is this store's (`storage::vault`).
    pub const KEY_CHECK: &str = "key_check";
    /// Wrong unlock attempts ([`crate::core::vault::Failures`]).
    pub const UNLOCK_FAILURES: &str = "unlock_failures";
    /// The viewing record's last sequence number and hash, sealed.
    pub const VIEWING_HEAD: &str = "viewing_head";
    /// The [`crate::core::bundle::exchange::Exchange`]: role, peers, custody.
    pub const EXCHANGE: &str = "exchange";
    /// This laptop's bundle keys, sealed.
    pub const DEVICE_KEYS: &str = "device_keys";
    /// Head office's [`crate::core::reference::ReferenceLists`].
    pub const REFERENCE_LISTS: &str = "reference_lists";
    /// Head office: reps' proposals of its decisions
    /// ([`crate::core::authority::request::Request`]), sealed.
    pub const REQUESTS: &str = "requests";
    /// A head-office desk's people ([`crate::core::people::Person`]): names, roles,
    /// disabled, sealed. Their passphrases are in the vault header.
    pub const PEOPLE: &str = "people";
    /// A rep's proposals and the decisions that came back
    /// ([`crate::core::authority::proposal::Mine`]), sealed.
    pub const PROPOSALS: &str = "proposals";
    /// The monthly reports ([`crate::core::monthly::Report`]): a rep's own, or those
    /// head office received; sealed.
    pub const MONTHLY_REPORTS: &str = "monthly_reports";
    /// Head office: viewing requests
    /// ([`crate::core::people::viewing::ViewingRequest`]), sealed.
    pub const VIEWING_REQUESTS: &str = "viewing_requests";
    /// Head office: the lending register ([`crate::core::lending::Loan`]), sealed.
    pub const LOANS: &str = "loans";
    /// Copies made: cards printed, lists exported ([`crate::core::lending::CopyMade`]).
    pub const COPIES: &str = "copies";
    /// When the last backup was written.
    pub const LAST_BACKUP: &str = "last_backup";
    /// The semiannual archive checks done ([`crate::core::customer::check::CheckRecord`]).
    pub const ARCHIVE_CHECKS: &str = "archive_checks";
    /// Security events ([`crate::core::security::SecurityEvent`]): this laptop's own and,
    /// at head office, those reps' laptops sent. Plain: a failed unlock is recorded while
    /// the data key is not in memory, and no event holds customer data.
    pub const SECURITY_EVENTS: &str = "security_events";
    /// The failed unlocks the user has not yet been told of (a `SecurityEvent`).
    pub const UNLOCK_NOTICE: &str = "unlock_notice";
    /// Leak reports ([`crate::core::security::LeakReport`]), sealed.
    pub const LEAK_REPORTS: &str = "leak_reports";
}
