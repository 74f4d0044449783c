//! Links GCC's unwinder statically (libgcc_eh.a) on Linux with glibc.
//!
//! Rust's standard library otherwise loads libgcc_s.so.1 for unwinding,
//! and that library's constructor probes the CPU with a dozen CPUID
//! instructions, each a trap to the hypervisor on a virtual machine: with
//! the library's loading, ~0.3 ms of every run on the 2-core VM where
//! BENCHMARKS.md was measured. keywarden is started per request by
//! scripts, cron jobs and servers, so that is a cost paid millions of
//! times. Linking the same unwinder statically is what `gcc -static-libgcc`
//! does; panics, `catch_unwind` and backtraces behave the same.
//!
//! Where libgcc_eh.a cannot be found (another libc, a cross build), the
//! default stays. `KEYWARDEN_SHARED_LIBGCC=1` keeps the default anywhere.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(static_libgcc)");
    println!("cargo::rerun-if-env-changed=KEYWARDEN_SHARED_LIBGCC");
    println!("cargo::rerun-if-env-changed=CC");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    if env("CARGO_CFG_TARGET_OS") != "linux"
        || env("CARGO_CFG_TARGET_ENV") != "gnu"
        || env("TARGET") != env("HOST")
        || std::env::var_os("KEYWARDEN_SHARED_LIBGCC").is_some()
    {
        return;
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let Ok(out) = Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    let archive = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    // gcc prints the bare name back when it has no such file.
    if !out.status.success() || !archive.is_absolute() || !archive.is_file() {
        return;
    }
    if let Some(dir) = archive.parent() {
        println!("cargo::rustc-link-search=native={}", dir.display());
        println!("cargo::rustc-cfg=static_libgcc");
    }
}
