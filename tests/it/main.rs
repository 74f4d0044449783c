//! Integration tests: the real `keywarden` binary against a real SQLite
//! file and a real PostgreSQL server. Every store test runs on both.

mod support;

mod audit;
mod bad_input;
mod catalog;
mod checkpoints;
mod concurrency;
mod credentials;
mod csv;
mod faults;
mod gateway;
mod generated;
mod habits;
mod incident;
mod keys;
mod leaks;
mod library;
mod postgres;
mod readme;
mod rekey;
mod scan;
mod secrets;
mod serve;
mod snapshots;
mod store;
mod terminal;
mod verify;
