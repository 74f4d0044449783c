//! The values that cross the store boundary, in both directions.
//!
//! The domain SQL is written once with `$1`-style placeholders and runs on
//! both backends; [`Value`] is what it binds and [`RowRef`] what it reads.
//! Times travel as [`Value::Time`]: microseconds since the epoch in SQLite,
//! `timestamptz` in PostgreSQL, the same instant in both.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::timefmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Time(DateTime<Utc>),
    /// PostgreSQL only: bulk statements over `unnest($1::text[])`.
    TextArray(Vec<String>),
    /// PostgreSQL only: an array of any element type, NULLs allowed, for
    /// bulk statements over `unnest($1::bigint[], $2::text[], …)`; its
    /// type is the one the statement's cast gives the parameter.
    Array(Vec<Value>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<DateTime<Utc>> for Value {
    fn from(v: DateTime<Utc>) -> Self {
        Value::Time(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Borrowed access to one result row, without copying it.
pub trait RowRef {
    fn len(&self) -> usize;
    fn opt_str(&self, i: usize) -> Result<Option<&str>>;
    fn opt_i64(&self, i: usize) -> Result<Option<i64>>;
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>>;
    /// The value as an owned [`Value`], whatever its type.
    fn value(&self, i: usize) -> Result<Value>;

    fn str(&self, i: usize) -> Result<&str> {
        self.opt_str(i)?.ok_or_else(|| null_at(i))
    }
    fn i64(&self, i: usize) -> Result<i64> {
        self.opt_i64(i)?.ok_or_else(|| null_at(i))
    }
    fn time(&self, i: usize) -> Result<DateTime<Utc>> {
        self.opt_time(i)?.ok_or_else(|| null_at(i))
    }
    fn opt_string(&self, i: usize) -> Result<Option<String>> {
        Ok(self.opt_str(i)?.map(str::to_owned))
    }
    fn string(&self, i: usize) -> Result<String> {
        Ok(self.str(i)?.to_owned())
    }
}

fn null_at(i: usize) -> Error {
    Error::integrity(format!("unexpected NULL in result column {i}"))
}

/// An owned row, for small result sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    pub fn from_ref(r: &dyn RowRef) -> Result<Row> {
        (0..r.len())
            .map(|i| r.value(i))
            .collect::<Result<_>>()
            .map(Row)
    }
}

impl RowRef for Row {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn opt_str(&self, i: usize) -> Result<Option<&str>> {
        match &self.0[i] {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s)),
            other => Err(type_error(i, "text", other)),
        }
    }
    fn opt_i64(&self, i: usize) -> Result<Option<i64>> {
        match &self.0[i] {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            other => Err(type_error(i, "integer", other)),
        }
    }
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>> {
        match &self.0[i] {
            Value::Null => Ok(None),
            Value::Time(t) => Ok(Some(*t)),
            Value::Int(us) => timefmt::from_micros(*us).map(Some),
            other => Err(type_error(i, "time", other)),
        }
    }
    fn value(&self, i: usize) -> Result<Value> {
        Ok(self.0[i].clone())
    }
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "integer",
            Value::Text(_) => "text",
            Value::Time(_) => "time",
            Value::TextArray(_) => "text[]",
            Value::Array(_) => "array",
        }
    }
}

// Names the type only: a value may be a ciphertext or a hash.
pub(crate) fn type_error(i: usize, want: &str, got: &Value) -> Error {
    Error::integrity(format!(
        "result column {i}: expected {want}, found {}",
        got.type_name()
    ))
}
