//! Each dialect's schema history, in one place: the embedded migrations a
//! store is brought up to when it opens. A new version is one `.sql` file
//! per dialect and one line in each list below; versions only ever grow.

use super::Migration;

/// SQLite: times are INTEGER microseconds since the epoch, UTC.
pub const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "grace_and_vouched_checkpoints",
        sql: include_str!("sqlite/0002_grace_and_vouched_checkpoints.sql"),
    },
    Migration {
        version: 3,
        name: "calendar_expiry",
        sql: include_str!("sqlite/0003_calendar_expiry.sql"),
    },
    Migration {
        version: 4,
        name: "leak_reports",
        sql: include_str!("sqlite/0004_leak_reports.sql"),
    },
    Migration {
        version: 5,
        name: "store_id",
        sql: include_str!("sqlite/0005_store_id.sql"),
    },
];

/// PostgreSQL: times are `timestamptz`.
pub const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "grace_and_vouched_checkpoints",
        sql: include_str!("postgres/0002_grace_and_vouched_checkpoints.sql"),
    },
    Migration {
        version: 3,
        name: "calendar_expiry",
        sql: include_str!("postgres/0003_calendar_expiry.sql"),
    },
    Migration {
        version: 4,
        name: "leak_reports",
        sql: include_str!("postgres/0004_leak_reports.sql"),
    },
    Migration {
        version: 5,
        name: "store_id",
        sql: include_str!("postgres/0005_store_id.sql"),
    },
];
