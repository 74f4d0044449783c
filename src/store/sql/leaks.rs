//! Leak-report batches and their pending tokens (contract §12).
//!
//! A row of `leak_reports` holds its raw token only while the token's
//! hash check is pending: [`decide`] sets it to NULL in the transaction
//! that records the decision.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::store::Tx;

/// A stored batch.
#[derive(Debug, Clone)]
pub struct BatchRow {
    pub id: String,
    pub host: String,
    pub received_at: DateTime<Utc>,
    pub tokens: i64,
    pub candidates: i64,
    pub finished_at: Option<DateTime<Utc>>,
    pub reported_at: Option<DateTime<Utc>>,
}

const BATCH_COLUMNS: &str = "id, host, received_at, tokens, candidates, finished_at, reported_at";

fn batch_from_row(r: &dyn crate::store::RowRef) -> Result<BatchRow> {
    Ok(BatchRow {
        id: r.string(0)?,
        host: r.string(1)?,
        received_at: r.time(2)?,
        tokens: r.i64(3)?,
        candidates: r.i64(4)?,
        finished_at: r.opt_time(5)?,
        reported_at: r.opt_time(6)?,
    })
}

/// A token of a batch that names one of this store's keys.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub seq: i64,
    pub key_id: String,
    pub token_type: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub label: Option<String>,
    pub outcome: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

const REPORT_COLUMNS: &str = "seq, key_id, token_type, url, source, label, outcome, decided_at";

fn report_from_row(r: &dyn crate::store::RowRef) -> Result<ReportRow> {
    Ok(ReportRow {
        seq: r.i64(0)?,
        key_id: r.string(1)?,
        token_type: r.string(2)?,
        url: r.opt_string(3)?,
        source: r.opt_string(4)?,
        label: r.opt_string(5)?,
        outcome: r.opt_string(6)?,
        decided_at: r.opt_time(7)?,
    })
}

pub fn batch_by_digest(tx: &mut dyn Tx, digest: &str) -> Result<Option<BatchRow>> {
    Ok(tx
        .query_map(
            &format!("SELECT {BATCH_COLUMNS} FROM leak_batches WHERE digest = $1"),
            &[digest.into()],
            batch_from_row,
        )?
        .into_iter()
        .next())
}

pub fn batch(tx: &mut dyn Tx, id: &str) -> Result<Option<BatchRow>> {
    Ok(tx
        .query_map(
            &format!("SELECT {BATCH_COLUMNS} FROM leak_batches WHERE id = $1"),
            &[id.into()],
            batch_from_row,
        )?
        .into_iter()
        .next())
}

/// Inserts a batch; false when one with the same digest exists already
/// (a resend that raced this one).
pub fn insert_batch(tx: &mut dyn Tx, b: &BatchRow, digest: &str) -> Result<bool> {
    let n = tx.execute(
        "INSERT INTO leak_batches (id, host, digest, received_at, tokens, candidates, finished_at, reported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (digest) DO NOTHING",
        &[
            (&b.id).into(),
            (&b.host).into(),
            digest.into(),
            b.received_at.into(),
            b.tokens.into(),
            b.candidates.into(),
            b.finished_at.into(),
            b.reported_at.into(),
        ],
    )?;
    Ok(n == 1)
}

/// A pending token to insert with its batch.
pub struct NewReport<'a> {
    pub seq: i64,
    pub key_id: &'a str,
    pub token: &'a str,
    pub token_type: &'a str,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
}

pub fn insert_report(tx: &mut dyn Tx, batch_id: &str, r: &NewReport<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO leak_reports (batch_id, seq, key_id, token, token_type, url, source) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            batch_id.into(),
            r.seq.into(),
            r.key_id.into(),
            r.token.into(),
            r.token_type.into(),
            r.url.into(),
            r.source.into(),
        ],
    )?;
    Ok(())
}

/// Every token row of a batch, in reported order.
pub fn reports(tx: &mut dyn Tx, batch_id: &str) -> Result<Vec<ReportRow>> {
    tx.query_map(
        &format!("SELECT {REPORT_COLUMNS} FROM leak_reports WHERE batch_id = $1 ORDER BY seq"),
        &[batch_id.into()],
        report_from_row,
    )
}

/// The seqs of a batch still waiting for their decision.
pub fn pending_seqs(tx: &mut dyn Tx, batch_id: &str) -> Result<Vec<i64>> {
    tx.query_map(
        "SELECT seq FROM leak_reports WHERE batch_id = $1 AND label IS NULL ORDER BY seq",
        &[batch_id.into()],
        |r| r.i64(0),
    )
}

/// A pending row and its raw token; `None` once decided.
pub fn pending_token(
    tx: &mut dyn Tx,
    batch_id: &str,
    seq: i64,
) -> Result<Option<(ReportRow, String)>> {
    Ok(tx
        .query_map(
            &format!(
                "SELECT {REPORT_COLUMNS}, token FROM leak_reports WHERE batch_id = $1 AND seq = $2 \
                 AND label IS NULL AND token IS NOT NULL"
            ),
            &[batch_id.into(), seq.into()],
            |r| Ok((report_from_row(r)?, r.string(8)?)),
        )?
        .into_iter()
        .next())
}

/// Records a decision and drops the raw token; false when the row was
/// decided already (by another worker or process).
pub fn decide(
    tx: &mut dyn Tx,
    batch_id: &str,
    seq: i64,
    label: &str,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n = tx.execute(
        "UPDATE leak_reports SET label = $3, outcome = $4, decided_at = $5, token = NULL \
         WHERE batch_id = $1 AND seq = $2 AND label IS NULL",
        &[
            batch_id.into(),
            seq.into(),
            label.into(),
            outcome.into(),
            now.into(),
        ],
    )?;
    Ok(n == 1)
}

/// Marks a batch finished when none of its rows is pending; false when
/// some still are, or it was finished already.
pub fn finish(tx: &mut dyn Tx, batch_id: &str, now: DateTime<Utc>) -> Result<bool> {
    let n = tx.execute(
        "UPDATE leak_batches SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM leak_reports WHERE batch_id = $1 AND label IS NULL)",
        &[batch_id.into(), now.into()],
    )?;
    Ok(n == 1)
}

/// Marks a finished batch's report as written; false when it already was.
pub fn mark_reported(tx: &mut dyn Tx, batch_id: &str, now: DateTime<Utc>) -> Result<bool> {
    let n = tx.execute(
        "UPDATE leak_batches SET reported_at = $2 WHERE id = $1 AND reported_at IS NULL \
         AND finished_at IS NOT NULL",
        &[batch_id.into(), now.into()],
    )?;
    Ok(n == 1)
}

/// Batches accepted but not yet reported on, oldest first: what a restart
/// finishes.
pub fn open_batches(tx: &mut dyn Tx) -> Result<Vec<BatchRow>> {
    tx.query_map(
        &format!(
            "SELECT {BATCH_COLUMNS} FROM leak_batches WHERE reported_at IS NULL ORDER BY received_at, id"
        ),
        &[],
        batch_from_row,
    )
}
