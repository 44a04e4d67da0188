//! Importing a bundle: every check, the preview, then one transaction.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::super::catalogue::Pages;
use super::super::visits::{self, Book};
use super::*;
use crate::core::authority::Sender;
use crate::core::progress::{Phase, Steps};
use crate::core::store::Profile;

/// Files written between two progress steps of an import (each waits for the writes
/// before it, and lets a cancel in).
const WRITES_BETWEEN_STEPS: usize = 250;

impl Db {
    /// Checks a bundle and says what importing it would do; writes only the custody
    /// log's line if it is refused.
    pub async fn prepare_import(
        &self,
        file_name: &str,
        bytes: &[u8],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Prepared, ExchangeError> {
        self.prepare_import_with(file_name, bytes, by, now, &Steps::none())
            .await
    }

    /// [`Db::prepare_import`], telling `steps` how far it is; a cancel before the
    /// preview writes nothing, not even a custody line.
    pub async fn prepare_import_with(
        &self,
        file_name: &str,
        bytes: &[u8],
        by: &str,
        now: DateTime<Utc>,
        steps: &Steps<'_>,
    ) -> Result<Prepared, ExchangeError> {
        let result = self.check(bytes, steps).await;
        match result {
            Ok(verified) => {
                steps
                    .step(Phase::Comparing, 0, 0)
                    .map_err(StoreError::from)?;
                let local = self.local_for(&verified.contents).await?;
                steps
                    .step(Phase::Comparing, 0, 0)
                    .map_err(StoreError::from)?;
                let exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
                let (sender, me) = self.parties(&exchange, &verified).await?;
                let me_by = me.signature();
                let summary = plan::plan(
                    &verified.contents,
                    &local,
                    &from(&sender, &me, &me_by, &exchange, &verified, now),
                )
                .summary;
                Ok(Prepared {
                    verified,
                    summary,
                    file_name: file_name.to_owned(),
                    size: bytes.len() as u64,
                })
            }
            Err(e) => {
                // An unknown signer is a step of enrolment, not a refusal to log yet; a
                // cancel is the user's, not the bundle's.
                if !matches!(
                    e,
                    ExchangeError::Bundle(BundleError::UnknownSigner(_))
                        | ExchangeError::Store(StoreError::Cancelled)
                ) {
                    let entry = CustodyEntry {
                        id: format!("{}-refused", now.timestamp_millis()),
                        at: now,
                        by: by.to_owned(),
                        direction: Direction::Import,
                        peer: String::new(),
                        file_name: file_name.to_owned(),
                        size: bytes.len() as u64,
                        sha256: digest::sha256_hex(bytes).await,
                        counts: bundle::Counts::default(),
                        refused: e.to_string(),
                        refused_changes: 0,
                    };
                    self.log_custody(&entry).await?;
                }
                Err(e)
            }
        }
    }

    async fn check(&self, bytes: &[u8], steps: &Steps<'_>) -> Result<Verified, ExchangeError> {
        steps
            .step(Phase::CheckingSignature, 0, 0)
            .map_err(StoreError::from)?;
        let keys = self.device_keys().await?;
        let exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        let receiver = Receiver {
            me: &keys,
            trusted: &exchange.trusted,
            revoked: &exchange.revoked,
            custody: &exchange.custody,
        };
        let examined = bundle::examine(bytes, &receiver)?;
        let payload_sha256 = digest::sha256_hex(examined.payload()).await;
        let file_sha256 = digest::sha256_hex(bytes).await;
        steps
            .step(Phase::Decrypting, 0, 0)
            .map_err(StoreError::from)?;
        Ok(examined.open(&receiver, &payload_sha256, file_sha256)?)
    }

    /// The local copies of what `contents` touches. A bundle that touches a few files
    /// (a rep's week, at a head office that holds every rep's) reads theirs by key; one
    /// that touches many (a first bundle) reads every record, as one `getAll` per store
    /// is then faster than a request per record. See [`BY_KEY_MAX`].
    async fn local_for(&self, contents: &Contents) -> Result<Local, StoreError> {
        let touched = touched_files(contents);
        let (customers, visits, complaints, history) = if touched.len() <= BY_KEY_MAX {
            self.touched_records(contents, &touched).await?
        } else {
            let every = self
                .every_record::<Customer, HistoryEntry, Visit, Complaint>()
                .await?;
            let history = every
                .history
                .into_iter()
                .map(|s| match s {
                    Stored::Sealed(env) => env.id,
                    Stored::Plain(h) => h.id,
                })
                .collect();
            (every.customers, every.visits, every.complaints, history)
        };
        let customers: Vec<Customer> = self.open_each(schema::CUSTOMERS, customers)?;
        let visits: Vec<Visit> = self.open_each(schema::VISITS, visits)?;
        let complaints: Vec<Complaint> = self.open_each(schema::COMPLAINTS, complaints)?;
        // The entries held are known by their keys, `device:sequence`; the records
        // themselves are sealed.
        let tx = self
            .database()
            .transaction(schema::REMOTE_VIEWINGS)
            .build()?;
        let keys: Vec<String> = tx
            .object_store(schema::REMOTE_VIEWINGS)?
            .get_all_keys()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        tx.commit().await?;
        let viewings = keys
            .iter()
            .map(|key| remote_viewing_key(key))
            .collect::<Result<_, _>>()?;
        Ok(Local {
            destroyed: self
                .destructions()
                .await?
                .into_iter()
                .map(|d| d.customer_id)
                .collect(),
            reference: self.reference_lists().await?,
            customers: customers.into_iter().map(|c| (c.id.clone(), c)).collect(),
            visits: visits.into_iter().map(|v| (v.id.clone(), v)).collect(),
            complaints: complaints.into_iter().map(|c| (c.id.clone(), c)).collect(),
            history,
            viewings,
        })
    }

    /// The stored copies of the `files` that `contents` touches, of the visits and
    /// complaints it names, and which of its history entries are held: read by key in
    /// one transaction, every request issued before any is awaited. Every touched file
    /// is read, not only those the bundle carries: the import seals a record as its
    /// file is sealed, and adds visits to the book a file already has.
    async fn touched_records(
        &self,
        contents: &Contents,
        files: &BTreeSet<&str>,
    ) -> Result<Touched, StoreError> {
        let tx = self.database().transaction(schema::FILE_RECORDS).build()?;
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let history = tx.object_store(schema::HISTORY)?;
        let books = tx.object_store(schema::VISIT_BOOKS)?;
        let complaints = tx.object_store(schema::COMPLAINTS)?;
        let files = files
            .iter()
            .map(|id| customers.get(*id).serde())
            .collect::<Result<Vec<_>, _>>()?;
        let entries = contents
            .history
            .iter()
            .map(|h| {
                history
                    .get_key(h.id.as_str())
                    .with_key_type::<String>()
                    .primitive()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let complaints = contents
            .complaints
            .iter()
            .map(|c| complaints.get(c.id.as_str()).serde())
            .collect::<Result<Vec<_>, _>>()?;
        let with_visits: BTreeSet<&str> = contents
            .visits
            .iter()
            .map(|v| v.customer_id.as_str())
            .collect();
        let with_visits: Vec<&str> = with_visits.into_iter().collect();
        let books = visits::books_of(&books, &with_visits).await?;
        let mut found = Vec::new();
        for file in files {
            let file: Option<Stored<Customer>> = file.await?;
            found.extend(file);
        }
        let mut held = BTreeSet::new();
        for entry in entries {
            held.extend(entry.await?);
        }
        let mut filed = Vec::new();
        for complaint in complaints {
            let complaint: Option<Stored<Complaint>> = complaint.await?;
            filed.extend(complaint);
        }
        tx.commit().await?;
        let visits = books
            .iter()
            .flat_map(|b| &b.items)
            .map(visits::Item::stored)
            .collect::<Result<Vec<Stored<Visit>>, _>>()?;
        Ok((found, visits, filed, held))
    }

    /// Applies a prepared bundle in one transaction: files merged, records added, the
    /// sender's sequence and acknowledgement, the custody log. Returns what it did.
    pub async fn apply_import(
        &self,
        prepared: &Prepared,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Summary, ExchangeError> {
        self.apply_import_with(prepared, by, now, &Steps::none())
            .await
    }

    /// [`Db::apply_import`], telling `steps` how far it is. A cancel up to the commit
    /// returns before it, which drops the transaction and so aborts it: nothing is
    /// written. From [`Phase::Committing`] on, it cannot be cancelled.
    pub async fn apply_import_with(
        &self,
        prepared: &Prepared,
        by: &str,
        now: DateTime<Utc>,
        steps: &Steps<'_>,
    ) -> Result<Summary, ExchangeError> {
        let step = |phase, done, total| steps.step(phase, done, total).map_err(StoreError::from);
        let verified = &prepared.verified;
        let sender = &verified.manifest.sender;
        let exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        // Checked again against the custody as it is now (another tab may have applied it).
        if exchange
            .custody
            .applied
            .contains(&verified.manifest.bundle_id)
        {
            return Err(BundleError::AlreadyImported.into());
        }
        self.key()?;
        step(Phase::Comparing, 0, 0)?;
        let local = self.local_for(&verified.contents).await?;
        step(Phase::Comparing, 0, 0)?;
        let (enrolled, me) = self.parties(&exchange, verified).await?;
        let me_by = me.signature();
        let plan = plan::plan(
            &verified.contents,
            &local,
            &from(&enrolled, &me, &me_by, &exchange, verified, now),
        );

        // Which files end up sealed, to seal their records alike.
        let mut sealed: BTreeMap<String, bool> = local
            .customers
            .values()
            .map(|c| (c.id.clone(), c.secret.is_sealed()))
            .collect();
        for (c, _) in &plan.customers {
            sealed.insert(c.id.clone(), c.secret.is_sealed());
        }
        let is_sealed = |id: &str| sealed.get(id).copied().unwrap_or(false);

        let stores = [
            schema::CUSTOMERS,
            schema::CATALOGUE_PAGES,
            schema::HISTORY,
            schema::VISIT_BOOKS,
            schema::COMPLAINTS,
            schema::META,
            schema::CUSTODY_LOG,
            schema::REMOTE_VIEWINGS,
            schema::DRAFTS,
            schema::DESTRUCTIONS,
        ];
        let tx = self
            .database()
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        // And once more inside the transaction, which runs after any other that writes
        // these stores: the same bundle applied twice at once is applied once.
        let mut exchange = Self::exchange_in(&tx.object_store(schema::META)?).await?;
        if exchange
            .custody
            .applied
            .contains(&verified.manifest.bundle_id)
        {
            return Err(BundleError::AlreadyImported.into());
        }
        // Another tab may have applied a newer bundle of this sender meanwhile: an older
        // one never applies after it. Nor does a device revoked meanwhile.
        if let Some(&last) = exchange.custody.last_sequence.get(&sender.id)
            && verified.manifest.sequence <= last
        {
            return Err(BundleError::Replayed {
                found: verified.manifest.sequence,
                last,
            }
            .into());
        }
        if let Some(revoked) = exchange.revoked.get(&sender.id) {
            return Err(BundleError::Revoked(Box::new(revoked.clone())).into());
        }
        if let Some(head) = &plan.viewing_head {
            exchange
                .viewing_heads
                .insert(sender.id.clone(), head.clone());
        }
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let catalogue = tx.object_store(schema::CATALOGUE_PAGES)?;
        let history = tx.object_store(schema::HISTORY)?;
        let visits = tx.object_store(schema::VISIT_BOOKS)?;
        let complaints = tx.object_store(schema::COMPLAINTS)?;
        // The stored revision of each file to write and the catalogue pages: for many
        // files, one read of them all (not one request per file); for a few of many
        // (a week's bundle at a head office), just theirs. Then writes that are not
        // awaited one by one: IndexedDB runs them in order, and any that fails aborts
        // the whole transaction, which `commit` reports.
        let ids: Vec<&str> = plan.customers.iter().map(|(c, _)| c.id.as_str()).collect();
        let (revisions, mut pages) = if ids.len() <= BY_KEY_MAX {
            let requests = ids
                .iter()
                .map(|id| customers.get(*id).serde())
                .collect::<Result<Vec<_>, _>>()?;
            let pages = Pages::holding(&catalogue, &ids).await?;
            let mut revisions = BTreeMap::new();
            for request in requests {
                let found: Option<Revision> = request.await?;
                revisions.extend(found.map(|r| (r.id.clone(), r)));
            }
            (revisions, pages)
        } else {
            let revisions: BTreeMap<String, Revision> = customers
                .get_all()
                .serde()?
                .await?
                .map(|r| r.map(|r: Revision| (r.id.clone(), r)))
                .collect::<Result<_, _>>()?;
            (revisions, Pages::all(&catalogue).await?)
        };
        let files = plan.customers.len();
        step(Phase::Writing, 0, files)?;
        for (done, (c, expected)) in plan.customers.iter().enumerate() {
            if done > 0 && done.is_multiple_of(WRITES_BETWEEN_STEPS) {
                // A read issued after the writes answers once they are done (a
                // transaction's requests run in order): the count is of files written,
                // and the wait lets a cancel from the page in.
                customers
                    .get_key(c.id.as_str())
                    .with_key_type::<String>()
                    .primitive()?
                    .await?;
                step(Phase::Writing, done, files)?;
            }
            let stored = revisions.get(&c.id);
            if stored.map(|r| r.revision) != *expected {
                // Changed here since the preview was computed: nothing is applied.
                return Err(StoreError::Conflict.into());
            }
            let seal = c.secret.is_sealed();
            self.put_file(&customers, &mut pages, c, seal)?;
            let was = stored.map(|r| r.sealed.is_some());
            if was.is_some_and(|was| was != seal) {
                // The file's open edit draft too (its visit drafts are in its book).
                let drafts = tx.object_store(schema::DRAFTS)?;
                self.reseal_records(&history, &visits, &complaints, &drafts, &c.id, seal)
                    .await?;
            }
        }
        // Written before any destruction below reads its page.
        for written in pages.write(&catalogue)? {
            drop(written);
        }
        for h in &plan.history {
            let keys = history_keys(h);
            let record = self.to_stored(
                is_sealed(&h.customer_id),
                schema::HISTORY,
                &h.id,
                h.revision,
                keys,
                h,
            )?;
            let _put = history.put(&record).serde()?;
        }
        self.add_to_books(&visits, &plan.visits, &local, is_sealed)
            .await?;
        for c in &plan.complaints {
            let record = self.to_stored(
                is_sealed(&c.customer_id),
                schema::COMPLAINTS,
                &c.id,
                0,
                complaint_keys(c),
                c,
            )?;
            let _put = complaints.put(&record).serde()?;
        }
        let destructions = tx.object_store(schema::DESTRUCTIONS)?;
        for d in &plan.destructions {
            super::super::destructions::erase(&tx, &d.customer_id).await?;
            let _put = destructions.put(d).serde()?;
        }
        let remote = tx.object_store(schema::REMOTE_VIEWINGS)?;
        for v in &plan.viewings {
            let id = remote_viewing_id(&sender.id, v.seq);
            // Purposes can name confidential matters: sealed like the local record.
            let envelope = Envelope {
                sealed: Sealed::seal_json(
                    &self.key()?,
                    RecordRef {
                        store: schema::REMOTE_VIEWINGS,
                        id: &id,
                        revision: 0,
                    },
                    &RemoteViewing {
                        id: id.clone(),
                        device: sender.id.clone(),
                        entry: v.clone(),
                    },
                ),
                id,
                revision: 0,
                customer_id: None,
                status: None,
                acceptance_no: None,
            };
            let _put = remote.put(&envelope).serde()?;
        }
        if let Some(lists) = &plan.reference {
            let _put = tx
                .object_store(schema::META)?
                .put(MetaEntry {
                    key: meta_keys::REFERENCE_LISTS.to_owned(),
                    value: lists,
                })
                .serde()?;
        }
        // Archive numbers learned from the bundle: this laptop never reissues them.
        super::super::customers::learn_archive_numbers(
            &tx.object_store(schema::META)?,
            plan.customers.iter().map(|(c, _)| c.archive_no.as_str()),
        )
        .await?;
        // A rep's proposals of head-office decisions wait here to be decided.
        self.add_requests(&tx.object_store(schema::META)?, &plan.requests)
            .await?;
        // Head office's decisions on this laptop's proposals.
        self.take_decisions(
            &tx.object_store(schema::META)?,
            &plan.returned,
            (&me.rep_code, &me.name),
        )
        .await?;
        // A rep's security events and leak reports, stamped with the enrolled rep.
        self.add_received_security(&tx.object_store(schema::META)?, &plan.security)
            .await?;
        // A rep's monthly reports, or head office's word on this laptop's.
        self.take_monthly(
            &tx.object_store(schema::META)?,
            &verified.contents,
            &enrolled,
            now,
        )
        .await?;
        exchange.applied(
            &sender.id,
            &verified.manifest.bundle_id,
            Ack {
                sequence: verified.manifest.sequence,
                exported_at: verified.manifest.created_at,
            },
            verified.contents.ack.as_ref(),
        );
        tx.object_store(schema::META)?
            .put(MetaEntry {
                key: meta_keys::EXCHANGE.to_owned(),
                value: &exchange,
            })
            .serde()?
            .await?;
        let entry = CustodyEntry {
            id: format!("{}-{}", now.timestamp_millis(), verified.manifest.bundle_id),
            at: now,
            by: by.to_owned(),
            direction: Direction::Import,
            peer: peer_label(&enrolled, sender),
            file_name: prepared.file_name.clone(),
            size: prepared.size,
            sha256: verified.file_sha256.clone(),
            counts: verified.manifest.counts.clone(),
            refused: String::new(),
            refused_changes: plan.summary.refused.len(),
        };
        tx.object_store(schema::CUSTODY_LOG)?
            .put(&entry)
            .serde()?
            .await?;
        // The last moment a cancel leaves the store untouched: returning drops `tx`,
        // which aborts it.
        step(Phase::Writing, files, files)?;
        step(Phase::Committing, 0, 0)?;
        tx.commit().await?;
        Ok(plan.summary)
    }
}

impl Db {
    /// The bundle's sender as this laptop enrolled it, and who is importing here.
    async fn parties(
        &self,
        exchange: &Exchange,
        verified: &Verified,
    ) -> Result<(Sender, Profile), ExchangeError> {
        let sender = exchange
            .sender(&verified.manifest.sender.id)
            .ok_or_else(|| {
                EnrolmentError::NotEnrolled(verified.manifest.sender.rep_code.clone())
            })?;
        let mut me = self.profile().await?.unwrap_or_else(|| Profile {
            name: exchange.me.name.clone(),
            rep_code: exchange.me.rep_code.clone(),
        });
        // At a desk with people, whoever is unlocked imports.
        if let Some(person) = self.person() {
            me.name = person.name;
        }
        Ok((sender, me))
    }
}

/// What the plan needs to know of who sends and who receives.
fn from<'a>(
    sender: &'a Sender,
    me: &'a Profile,
    me_by: &'a str,
    exchange: &'a Exchange,
    verified: &'a Verified,
    now: DateTime<Utc>,
) -> plan::From<'a> {
    plan::From {
        sender,
        device: &verified.manifest.sender.id,
        viewing_head: exchange.viewing_heads.get(&verified.manifest.sender.id),
        me_node: &me.rep_code,
        // Signed as every edit here is: "name (code)".
        me_by,
        now,
    }
}

/// The other side as the custody log names it: its enrolled identity.
fn peer_label(sender: &Sender, device: &PublicIdentity) -> String {
    match sender {
        Sender::Rep { code, name } => format!("{code} {name}"),
        // Head office as enrolment introduced it (the bundle was checked to match).
        Sender::HeadOffice => format!("{} {}", device.rep_code, device.name),
    }
}

impl Db {
    /// Puts `visits` into their files' books in `store`, within the caller's transaction:
    /// the books as they are now, read here (another tab may have added a draft since
    /// `local` was read), with each visit added or replaced.
    async fn add_to_books(
        &self,
        store: &ObjectStore<'_>,
        visits: &[Visit],
        local: &Local,
        is_sealed: impl Fn(&str) -> bool,
    ) -> Result<(), StoreError> {
        let mut books: BTreeMap<&str, Book> = BTreeMap::new();
        for v in visits {
            books
                .entry(v.customer_id.as_str())
                .or_insert_with_key(|id| Book::new(id));
        }
        // Only files that were here can have visits here already; many of them are
        // read at once with one getAll rather than a request each.
        let known: Vec<&str> = books
            .keys()
            .copied()
            .filter(|id| local.customers.contains_key(*id))
            .collect();
        let stored = if known.len() > BY_KEY_MAX {
            visits::every_book(store).await?
        } else {
            visits::books_of(store, &known).await?
        };
        for book in stored {
            if let Some(slot) = books.get_mut(book.customer_id.as_str()) {
                *slot = book;
            }
        }
        for v in visits {
            let item = self.visit_item(is_sealed(&v.customer_id), v)?;
            if let Some(book) = books.get_mut(v.customer_id.as_str()) {
                book.set(item);
            }
        }
        for book in books.values() {
            drop(book.write(store)?);
        }
        Ok(())
    }
}

/// Every file `contents` has a record of: its files, and those of its visits,
/// complaints, history entries and destructions.
fn touched_files(contents: &Contents) -> BTreeSet<&str> {
    let files = contents.customers.iter().map(|c| c.id.as_str());
    let visits = contents.visits.iter().map(|v| v.customer_id.as_str());
    let complaints = contents.complaints.iter().map(|c| c.customer_id.as_str());
    let history = contents.history.iter().map(|h| h.customer_id.as_str());
    // A destruction is checked against the file as held here.
    let destroyed = contents.destructions.iter().map(|d| d.customer_id.as_str());
    // A proposal is checked against the file as held here.
    let proposed = contents.proposals.iter().map(|p| p.file.as_str());
    files
        .chain(visits)
        .chain(complaints)
        .chain(history)
        .chain(destroyed)
        .chain(proposed)
        .collect()
}

/// An import reads the records of up to this many files by key, and every record of a
/// store for more (one `getAll` beats that many requests).
const BY_KEY_MAX: usize = 1_000;

/// What [`Db::touched_records`] found: files, visits and complaints as stored, and the
/// ids of the history entries held.
type Touched = (
    Vec<Stored<Customer>>,
    Vec<Stored<Visit>>,
    Vec<Stored<Complaint>>,
    BTreeSet<String>,
);

/// The key under which head office keeps entry `seq` of `device`'s viewing record.
fn remote_viewing_id(device: &str, seq: u64) -> String {
    format!("{device}:{seq:012}")
}

/// The device and sequence number a [`remote_viewing_id`] names.
pub(in crate::storage) fn remote_viewing_key(key: &str) -> Result<(String, u64), StoreError> {
    key.rsplit_once(':')
        .and_then(|(device, seq)| Some((device.to_owned(), seq.parse().ok()?)))
        .ok_or_else(|| StoreError::Corrupt(format!("a remote viewing keyed {key:?}")))
}
