//! Store-wide settings: the token prefix and the bcrypt cost.

use crate::error::{Error, Result};
use crate::store::{Settings, Tx};

pub fn load(tx: &mut dyn Tx) -> Result<Settings> {
    let mut s = Settings::default();
    let rows = tx.query_map("SELECT name, value FROM settings", &[], |r| {
        Ok((r.string(0)?, r.string(1)?))
    })?;
    for (name, value) in rows {
        match name.as_str() {
            "prefix" => s.prefix = value,
            "bcrypt_cost" => {
                s.bcrypt_cost = value.parse().map_err(|_| {
                    Error::integrity(format!("stored bcrypt_cost {value:?} is not a number"))
                })?;
            }
            "store_id" => s.store_id = value,
            _ => {}
        }
    }
    Ok(s)
}

pub fn set(tx: &mut dyn Tx, name: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        &[name.into(), value.into()],
    )?;
    Ok(())
}

/// Whether this connection is encrypted: PostgreSQL's view of it
/// (`pg_stat_ssl`); `None` for an embedded SQLite file.
pub fn connection_encrypted(tx: &mut dyn Tx) -> Result<Option<bool>> {
    match tx.dialect() {
        crate::store::Dialect::Sqlite => Ok(None),
        crate::store::Dialect::Postgres => Ok(Some(
            tx.query_i64(
                "SELECT count(*) FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl",
                &[],
            )? == 1,
        )),
    }
}
