//! Stored credentials: add, reveal, update, remove, verify, import, and
//! online re-encryption under a new key.
//!
//! Plaintext exists only in [`Zeroizing`] buffers between the caller and
//! the vault; the store, the audit log and every error see ciphertext,
//! KIDs and names only.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Serialize;
use zeroize::Zeroizing;

use crate::audit::{Actor, NewEvent};
use crate::authz::ScopePath;
use crate::error::{Error, Result};
use crate::model::{Credential, CredentialKind};
use crate::store::sql::audit_log;
use crate::store::sql::credentials::{self as sql, Sealed, Swap};
use crate::store::{Store, Tx};
use crate::vault::{self, Damage, EncryptionKey, Keyring};
use crate::{timefmt, token};

/// Parses a credential kind (contract §4), naming the valid ones if not.
pub fn validate_kind(kind: &str) -> Result<CredentialKind> {
    kind.parse()
}

fn validate_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.chars().count() > 200 {
        return Err(Error::invalid("a credential name must be 1–200 characters"));
    }
    Ok(())
}

fn validate_value(v: &[u8]) -> Result<()> {
    if v.is_empty() {
        return Err(Error::invalid("the credential value is empty"));
    }
    if std::str::from_utf8(v).is_err() {
        return Err(Error::invalid("the credential value is not UTF-8 text"));
    }
    Ok(())
}

fn damaged(c: &str, d: &Damage) -> Error {
    Error::integrity(format!(
        "credential {c:?} failed its integrity check: {d}; nothing was returned"
    ))
}

/// Finds a credential by id or by name.
pub(crate) fn resolve(tx: &mut dyn Tx, reference: &str) -> Result<Credential> {
    if let Some(c) = sql::get(tx, reference)? {
        return Ok(c);
    }
    sql::by_name(tx, reference)?
        .ok_or_else(|| Error::not_found(format!("no credential with id or name {reference:?}")))
}

pub fn add(
    store: &mut Store,
    actor: &Actor,
    ring: &Keyring,
    name: &str,
    kind: CredentialKind,
    scope: Option<&str>,
    value: &[u8],
) -> Result<Credential> {
    validate_name(name)?;
    let scope = scope
        .map(|s| s.parse::<ScopePath>().map(|p| p.to_string()))
        .transpose()?;
    validate_value(value)?;
    let now = timefmt::now();
    let id = token::new_key_id();
    let c = Credential {
        ciphertext: ring.encrypt(&id, value),
        id,
        name: name.to_owned(),
        kind,
        scope,
        created_at: now,
        created_by: actor.name.clone(),
        updated_at: now,
    };
    store.write(|tx| {
        if sql::by_name(tx, name)?.is_some() {
            return Err(Error::invalid(format!(
                "a credential named {name:?} already exists; use `credentials update` to replace its value"
            )));
        }
        sql::insert(tx, &c)?;
        audit_log::append(tx, actor, event("credential.add", &c), now)?;
        Ok(())
    })?;
    Ok(c)
}

fn event(action: &str, c: &Credential) -> NewEvent {
    NewEvent::new(action)
        .subject(c.id.as_str())
        .status(200)
        .detail("name", c.name.as_str())
        .detail("kind", c.kind.as_str())
        .detail("kid", vault::kid_of(&c.ciphertext))
}

pub fn list(store: &mut Store) -> Result<Vec<Credential>> {
    store.read(sql::list)
}

pub fn show(store: &mut Store, reference: &str) -> Result<Credential> {
    store.read(|tx| resolve(tx, reference))
}

/// Decrypts a credential for display, and audits the reveal in the same
/// transaction that read it: no value is shown without its event.
pub fn reveal(
    store: &mut Store,
    actor: &Actor,
    ring: &Keyring,
    reference: &str,
) -> Result<(Credential, Zeroizing<Vec<u8>>)> {
    let now = timefmt::now();
    store.write(|tx| {
        let c = resolve(tx, reference)?;
        let value = ring
            .decrypt(&c.id, &c.ciphertext)
            .map_err(|d| damaged(&c.name, &d))?;
        audit_log::append(tx, actor, event("credential.reveal", &c), now)?;
        Ok((c, value))
    })
}

pub fn update(
    store: &mut Store,
    actor: &Actor,
    ring: &Keyring,
    reference: &str,
    value: &[u8],
) -> Result<Credential> {
    validate_value(value)?;
    let now = timefmt::now();
    store.write(|tx| {
        let mut c = resolve(tx, reference)?;
        // Sealed here, once the row's id is known: a kw2 value is bound to it.
        let ciphertext = ring.encrypt(&c.id, value);
        sql::set_value(tx, &c.id, &ciphertext, now)?;
        c.ciphertext = ciphertext;
        c.updated_at = now;
        audit_log::append(tx, actor, event("credential.update", &c), now)?;
        Ok(c)
    })
}

pub fn remove(store: &mut Store, actor: &Actor, reference: &str) -> Result<Credential> {
    let now = timefmt::now();
    store.write(|tx| {
        let c = resolve(tx, reference)?;
        sql::delete(tx, &c.id)?;
        audit_log::append(tx, actor, event("credential.remove", &c), now)?;
        Ok(c)
    })
}

/// One credential that failed its check.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub id: String,
    pub name: String,
    /// The KID the value names, when it has the kw1 or kw2 shape.
    pub kid: Option<String>,
    pub reason: String,
    /// For a kw2 value moved or swapped into this row: the id of the
    /// credential whose row it was sealed for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sealed_for: Option<String>,
}

/// The result of `credentials verify`.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub total: u64,
    pub ok: u64,
    /// Values under a KID no key in the keyring has: most likely intact,
    /// and ENCRYPTION_KEY (or the keyring) is not the key they need.
    pub wrong_key: Vec<Failure>,
    /// Values that fail their check under a key the keyring has, or are
    /// not kw1 or kw2 values at all: damaged or tampered with.
    pub damaged: Vec<Failure>,
    /// How many values each key id holds.
    pub kids: BTreeMap<String, u64>,
}

impl VerifyReport {
    /// Whether every value passed its check.
    pub fn all_ok(&self) -> bool {
        self.wrong_key.is_empty() && self.damaged.is_empty()
    }

    /// The KIDs no key in the keyring has, with how many values each holds.
    pub fn unknown_kids(&self) -> BTreeMap<&str, u64> {
        let mut m = BTreeMap::new();
        for f in &self.wrong_key {
            *m.entry(f.kid.as_deref().unwrap_or("?")).or_default() += 1;
        }
        m
    }
}

/// Maps `f` over `items` on every core: the crypto of a batch is
/// independent row by row, and the store is busy only between batches.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a crypto worker panicked"))
            .collect()
    })
}

const CHECK_CHUNK: usize = 4096;

/// Checks that every credential passes its integrity check under `ring`:
/// one streaming scan, checked a chunk at a time on every core.
pub fn verify(store: &mut Store, ring: &Keyring) -> Result<VerifyReport> {
    let mut r = VerifyReport {
        total: 0,
        ok: 0,
        wrong_key: Vec::new(),
        damaged: Vec::new(),
        kids: BTreeMap::new(),
    };
    let mut chunk: Vec<Sealed> = Vec::with_capacity(CHECK_CHUNK);
    let flush = |chunk: &mut Vec<Sealed>, r: &mut VerifyReport| {
        let results = par_map(chunk, |row| ring.check(&row.id, &row.ciphertext));
        for (row, res) in chunk.drain(..).zip(results) {
            r.total += 1;
            *r.kids
                .entry(vault::kid_of(&row.ciphertext).unwrap_or("?").to_owned())
                .or_default() += 1;
            match res {
                Ok(()) => r.ok += 1,
                Err(d) => {
                    let list = if d.is_wrong_key() {
                        &mut r.wrong_key
                    } else {
                        &mut r.damaged
                    };
                    list.push(Failure {
                        kid: vault::kid_of(&row.ciphertext).map(str::to_owned),
                        id: row.id,
                        name: row.name,
                        reason: d.to_string(),
                        sealed_for: None,
                    });
                }
            }
        }
    };
    store.read(|tx| {
        sql::each(tx, &mut |row| {
            chunk.push(Sealed {
                id: row.string(0)?,
                name: row.string(1)?,
                ciphertext: row.string(2)?,
            });
            if chunk.len() == CHECK_CHUNK {
                flush(&mut chunk, &mut r);
            }
            Ok(std::ops::ControlFlow::Continue(()))
        })
    })?;
    flush(&mut chunk, &mut r);
    find_moved(store, ring, &mut r.damaged)?;
    r.damaged.sort_by(|a, b| a.name.cmp(&b.name));
    r.wrong_key.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(r)
}

/// How many failed values [`find_moved`] traces: each costs one HMAC per
/// credential in the store.
const MAX_TRACED: usize = 100;

/// Names where a kw2 value that fails its check in its own row came from:
/// the row whose id its tag does match (a value moved or swapped between
/// rows, contract §6a). One more streaming scan, only when such failures
/// exist, so a clean store pays nothing.
fn find_moved(store: &mut Store, ring: &Keyring, damaged: &mut [Failure]) -> Result<()> {
    let mut wanted: Vec<(usize, String)> = Vec::new();
    store.read(|tx| {
        for (i, f) in damaged.iter().enumerate() {
            if wanted.len() == MAX_TRACED {
                break;
            }
            if let Some(row) = sql::sealed_by_id(tx, &f.id)?
                && matches!(
                    vault::header_of(&row.ciphertext),
                    Some((vault::Format::Kw2, _))
                )
                && ring.check(&f.id, &row.ciphertext) == Err(Damage::Tag)
            {
                wanted.push((i, row.ciphertext));
            }
        }
        Ok(())
    })?;
    if wanted.is_empty() {
        return Ok(());
    }
    let mut found: Vec<Option<(String, String)>> = vec![None; wanted.len()];
    store.read(|tx| {
        sql::each(tx, &mut |row| {
            let id = row.str(0)?;
            for (slot, (_, ct)) in found.iter_mut().zip(&wanted) {
                if slot.is_none() && ring.check(id, ct).is_ok() {
                    *slot = Some((id.to_owned(), row.string(1)?));
                }
            }
            Ok(std::ops::ControlFlow::Continue(()))
        })
    })?;
    for ((i, _), origin) in wanted.iter().zip(found) {
        if let Some((id, name)) = origin {
            let f = &mut damaged[*i];
            f.reason = format!(
                "this value was sealed for credential {id} ({name:?}): it was moved or swapped \
                 into this row; put each value back in its own row, or set it again with \
                 `credentials update`"
            );
            f.sealed_for = Some(id);
        }
    }
    Ok(())
}

/// One line of a legacy export.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyRow {
    name: String,
    kind: String,
    scope: Option<String>,
    ciphertext: String,
}

/// Imports NDJSON `{"name","kind","scope"?,"ciphertext"}` lines whose
/// ciphertext is `base64(iv ‖ AES-256-CFB128(ENCRYPTION_KEY, iv, value))`,
/// storing each as a kw2 value bound to its new row. All or nothing: any bad line, duplicate
/// or existing name aborts before anything is written. When the values
/// are too short to show that the key is right (see [`Evidence`]),
/// `confirm` decides; nothing is imported if it says no.
/// How sure an import can be that `ENCRYPTION_KEY` is the key the legacy
/// values were encrypted with. They carry no tag, so a wrong key yields
/// garbage, not an error; what tells is that garbage is rarely text. Each
/// value that decrypts to text adds the bits of evidence that a random
/// string of its length would not have (for printable ASCII, log2(256/98)
/// ≈ 1.39 bits a byte).
///
/// One file may mix values encrypted under different keys (an export of a
/// system that rotated by hand), so each value must carry its own proof,
/// not only the file as a whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub values: usize,
    /// All values together.
    pub bits: f64,
    /// The value that proves least.
    pub weakest_bits: f64,
    /// Values below [`VALUE_EVIDENCE_BITS`].
    pub weak_values: usize,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            values: 0,
            bits: 0.0,
            weakest_bits: f64::INFINITY,
            weak_values: 0,
        }
    }
}

/// The evidence below which an import asks for confirmation: a wrong key
/// passing by chance is then rarer than one in 2^40 for the import …
pub const EVIDENCE_BITS: f64 = 40.0;
/// … and one in 2^20 for any one value (15 printable ASCII characters).
pub const VALUE_EVIDENCE_BITS: f64 = 20.0;

impl Evidence {
    pub fn conclusive(&self) -> bool {
        self.bits >= EVIDENCE_BITS && self.weak_values == 0
    }

    fn add(&mut self, bits: f64) {
        self.values += 1;
        self.bits += bits;
        self.weakest_bits = self.weakest_bits.min(bits);
        if bits < VALUE_EVIDENCE_BITS {
            self.weak_values += 1;
        }
    }
}

/// The bits of evidence a decrypted value gives (see [`Evidence`]), or
/// `None` when it is not text and so cannot have been encrypted with this
/// key: empty, not UTF-8, or holding control characters other than tab
/// and line breaks.
fn text_evidence(v: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(v).ok().filter(|t| !t.is_empty())?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return None;
    }
    let per_byte = if text.is_ascii() {
        (256.0f64 / 98.0).log2()
    } else {
        // Multi-byte UTF-8 is likelier by chance than ASCII; count less.
        0.5
    };
    Some(v.len() as f64 * per_byte)
}

/// The longest line `credentials import` reads: a credential value of
/// [`crate::files::MAX_SECRET_BYTES`], base64-encoded, with its fields.
const MAX_IMPORT_LINE: u64 = 2 * crate::files::MAX_SECRET_BYTES;

pub fn import_legacy(
    store: &mut Store,
    actor: &Actor,
    ring: &Keyring,
    mut input: impl BufRead,
    confirm: &mut dyn FnMut(Evidence) -> Result<bool>,
) -> Result<Vec<Credential>> {
    let now = timefmt::now();
    let mut evidence = Evidence::default();
    let mut out: Vec<Credential> = Vec::new();
    let mut names = std::collections::HashSet::new();
    let mut raw = Vec::new();
    let mut n = 0;
    while crate::files::read_line_bounded(&mut input, &mut raw, MAX_IMPORT_LINE).map_err(|e| {
        match e {
            Error::Io(source) => Error::File {
                action: "read",
                path: format!("the input at line {}", n + 1),
                source,
            },
            e => Error::invalid(format!("line {}: {e}; nothing was imported", n + 1)),
        }
    })? {
        n += 1;
        let line = Zeroizing::new(String::from_utf8(std::mem::take(&mut raw)).map_err(|_| {
            Error::invalid(format!("line {n}: not UTF-8 text; nothing was imported"))
        })?);
        if line.trim().is_empty() {
            continue;
        }
        let row: LegacyRow = serde_json::from_str(&line).map_err(|e| {
            Error::invalid(format!(
                "line {n}: not a {{\"name\", \"kind\", \"scope\"?, \"ciphertext\"}} object: {}",
                e.to_string()
                    .split(" at line")
                    .next()
                    .unwrap_or("invalid JSON")
            ))
        })?;
        let at = |what: String| {
            Error::invalid(format!(
                "line {n} ({:?}): {what}; nothing was imported",
                row.name
            ))
        };
        validate_name(&row.name).map_err(|e| at(e.to_string()))?;
        let kind = validate_kind(&row.kind).map_err(|e| at(e.to_string()))?;
        let scope = row
            .scope
            .as_deref()
            .map(|s| s.parse::<ScopePath>().map(|p| p.to_string()))
            .transpose()
            .map_err(|e| at(e.to_string()))?;
        let value = ring
            .current()
            .decrypt_legacy(&row.ciphertext)
            .map_err(|d| at(format!("ciphertext is {d}")))?;
        match text_evidence(&value) {
            Some(bits) => evidence.add(bits),
            None => {
                return Err(at(
                    "decrypts to bytes that are not text: it was not encrypted with this ENCRYPTION_KEY".into(),
                ));
            }
        }
        if crate::token::contains_token(&row.name) {
            return Err(Error::invalid(format!(
                "line {n}: the name holds a token; keywarden never stores tokens outside their hash; nothing was imported"
            )));
        }
        if !names.insert(row.name.clone()) {
            return Err(at("the name appears twice in the input".into()));
        }
        let id = token::new_key_id();
        out.push(Credential {
            ciphertext: ring.encrypt(&id, &value),
            id,
            name: row.name,
            kind,
            scope,
            created_at: now,
            created_by: actor.name.clone(),
            updated_at: now,
        });
    }
    if out.is_empty() {
        return Err(Error::invalid("the input holds no credentials"));
    }
    if !evidence.conclusive() && !confirm(evidence)? {
        return Err(Error::invalid(format!(
            "nothing was imported: {} too short to show that ENCRYPTION_KEY is the key they were \
             encrypted with (a wrong key yields plausible text this often); check a value with the \
             old system, then import again and confirm",
            if evidence.values == 1 {
                "the value is".to_owned()
            } else {
                format!("the {} values are", evidence.values)
            }
        )));
    }
    store.write(|tx| {
        let mut events = Vec::with_capacity(out.len());
        for c in &out {
            if sql::by_name(tx, &c.name)?.is_some() {
                return Err(Error::invalid(format!(
                    "a credential named {:?} already exists; nothing was imported",
                    c.name
                )));
            }
            sql::insert(tx, c)?;
            events.push(event("credential.import", c).detail("format", "legacy-cfb"));
        }
        audit_log::append_all(tx, actor, events, now)?;
        Ok(())
    })?;
    Ok(out)
}

#[derive(Debug, Clone, Copy)]
pub struct RekeyOptions {
    pub batch: usize,
    pub dry_run: bool,
}

/// Progress of a rekey, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RekeyReport {
    pub total: u64,
    pub reencrypted: u64,
    pub already_current: u64,
    pub failed: Vec<Failure>,
    pub new_kid: String,
    pub dry_run: bool,
    pub interrupted: bool,
    /// Rows changed by someone else between our read and our write, and
    /// re-read (never overwritten).
    pub reread: u64,
}

/// The keys of a rekey: decrypt with any, encrypt with `new`, and read
/// every result back under `new` alone.
struct Rekeying {
    ring: Keyring,
    new: EncryptionKey,
    only_new: Keyring,
}

/// Re-encrypts one row under the new key as kw2, checking the result;
/// `None` when it already is kw2 under it (a kw1 value under the new KID
/// is rewritten too: contract §6a).
fn reseal(k: &Rekeying, row: &Sealed) -> std::result::Result<Option<Swap>, Damage> {
    if vault::header_of(&row.ciphertext) == Some((vault::Format::Kw2, k.new.kid())) {
        return Ok(None);
    }
    let plain = k.ring.decrypt(&row.id, &row.ciphertext)?;
    let sealed = k.new.encrypt(&row.id, &plain);
    let check = k.only_new.decrypt(&row.id, &sealed)?;
    if *check != *plain {
        return Err(Damage::Tag);
    }
    Ok(Some(Swap {
        id: row.id.clone(),
        old: row.ciphertext.clone(),
        new: sealed,
    }))
}

/// Re-encrypts every credential under `new`, online and resumably.
///
/// First every row's integrity is checked under the keyring (plus `new`):
/// if any fails, nothing is written. Then batches of rows are read, each
/// row decrypted, re-encrypted, read back under the new key, and written
/// with compare-and-swap in one transaction per batch; a row someone
/// changed in between is re-read under the write lock and redone. Rows
/// already under `new` are skipped, so a killed run is finished by running
/// it again, and at every moment each row decrypts under old or new.
pub fn rekey(
    store: &mut Store,
    actor: &Actor,
    ring: &Keyring,
    new: &EncryptionKey,
    opts: RekeyOptions,
    progress: &mut dyn FnMut(Progress),
    cancelled: &dyn Fn() -> bool,
) -> Result<RekeyReport> {
    let keys = Rekeying {
        ring: ring.clone().with_decrypt_key(new.clone()),
        new: new.clone(),
        only_new: Keyring::new(new.clone(), Vec::new()),
    };
    let checked = verify(store, &keys.ring)?;
    let mut report = RekeyReport {
        total: checked.total,
        new_kid: new.kid().to_owned(),
        dry_run: opts.dry_run,
        failed: checked
            .wrong_key
            .into_iter()
            .chain(checked.damaged)
            .collect(),
        ..Default::default()
    };
    if !report.failed.is_empty() {
        return Ok(report);
    }
    // Two stages run at once: a reader (its own connection) fetches the
    // next batch and re-encrypts it on every core while this thread writes
    // the previous one. The channel holds two batches, so memory stays
    // flat however many rows there are.
    let batch = opts.batch.max(1);
    let location = store.location().clone();
    let (tx_batches, rx_batches) = std::sync::mpsc::sync_channel::<Result<Resealed>>(2);
    std::thread::scope(|s| -> Result<()> {
        let keys = &keys;
        s.spawn(move || {
            let mut reader = match Store::open_location(location) {
                Ok(r) => r,
                Err(e) => {
                    let _ = tx_batches.send(Err(e));
                    return;
                }
            };
            let mut after = String::new();
            loop {
                let next = reader
                    .read(|tx| sql::batch_after(tx, &after, batch))
                    .and_then(|rows| {
                        if let Some(last) = rows.last() {
                            after = last.id.clone();
                        }
                        reseal_batch(keys, &rows)
                    });
                let done = matches!(&next, Ok(r) if r.rows == 0) || next.is_err();
                // The writer hung up (interrupted or failed): stop reading.
                if tx_batches.send(next).is_err() || done {
                    return;
                }
            }
        });
        for next in rx_batches {
            if cancelled() {
                report.interrupted = true;
                break;
            }
            let next = next?;
            if next.rows == 0 {
                break;
            }
            report.already_current += next.current;
            if opts.dry_run {
                report.reencrypted += next.swaps.len() as u64;
            } else {
                let (done, current, reread) =
                    store.write(|tx| write_batch(tx, keys, next.swaps))?;
                report.reencrypted += done;
                report.already_current += current;
                report.reread += reread;
                // Back to back, the next batch would retake the lock before
                // a waiting revoke or update could get in.
                store.hand_off();
            }
            progress(Progress {
                done: report.reencrypted + report.already_current,
                total: report.total,
            });
        }
        Ok(())
    })?;
    if !opts.dry_run && (report.reencrypted > 0 || report.interrupted) {
        let now = timefmt::now();
        let ev = NewEvent::new("credential.rekey")
            .status(200)
            .detail("new_kid", report.new_kid.as_str())
            .detail("total", report.total)
            .detail("reencrypted", report.reencrypted)
            .detail("already_current", report.already_current)
            .detail("reread", report.reread)
            .detail("interrupted", report.interrupted);
        store.write(|tx| audit_log::append(tx, actor, ev, now).map(|_| ()))?;
    }
    Ok(report)
}

/// One batch, re-encrypted and ready to write.
struct Resealed {
    rows: usize,
    current: u64,
    swaps: Vec<Swap>,
}

fn reseal_batch(keys: &Rekeying, rows: &[Sealed]) -> Result<Resealed> {
    let mut out = Resealed {
        rows: rows.len(),
        current: 0,
        swaps: Vec::with_capacity(rows.len()),
    };
    for (row, res) in rows.iter().zip(par_map(rows, |row| reseal(keys, row))) {
        match res.map_err(|d| damaged(&row.name, &d))? {
            Some(s) => out.swaps.push(s),
            None => out.current += 1,
        }
    }
    Ok(out)
}

/// Writes one batch; swaps that lost to a concurrent writer are re-read
/// (under this transaction's lock, so the second try cannot lose) and
/// redone. Returns (re-encrypted, already current, re-read).
fn write_batch(tx: &mut dyn Tx, keys: &Rekeying, mut swaps: Vec<Swap>) -> Result<(u64, u64, u64)> {
    let (mut done, mut current, mut reread) = (0, 0, 0);
    for _ in 0..3 {
        let ok = sql::compare_and_swap(tx, &swaps)?;
        done += ok.len() as u64;
        if ok.len() == swaps.len() {
            return Ok((done, current, reread));
        }
        let ok: std::collections::HashSet<String> = ok.into_iter().collect();
        let mut retry = Vec::new();
        for s in swaps.into_iter().filter(|s| !ok.contains(&s.id)) {
            reread += 1;
            // Deleted meanwhile: nothing to re-encrypt.
            let Some(row) = sql::sealed_by_id(tx, &s.id)? else {
                continue;
            };
            match reseal(keys, &row).map_err(|d| damaged(&row.name, &d))? {
                Some(s) => retry.push(s),
                None => current += 1,
            }
        }
        swaps = retry;
    }
    Err(Error::Conflict(
        "credentials kept changing under the rekey; nothing in this batch was overwritten, run it again".into(),
    ))
}
