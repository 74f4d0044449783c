//! Files a user names on the command line: bounded reads, and private
//! writes that only ever replace a regular file.
//!
//! A path given as input may be anything — `/dev/zero`, a FIFO from
//! `<(vault read …)`, a 4 GB log — so every read is bounded and says what
//! the limit is. A path given as output is checked before a command's
//! first step: it must be new or a regular file, never a FIFO, device,
//! directory or symlink, which a write-then-rename would silently replace
//! (as root, `/dev/full` included). Writes go to a 0600 temp file in the
//! same directory that is renamed over the target, or removed on failure.

use std::io::{BufRead, Read, Write};
use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The most a credential value, a token or a secret file may hold.
pub const MAX_SECRET_BYTES: u64 = 1 << 20;
/// The most a key file (base64 of 32 bytes, or a PEM key) may hold.
pub const MAX_KEY_FILE_BYTES: u64 = 16 << 10;

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::File {
        action,
        path: path.display().to_string(),
        source,
    }
}

/// Reads all of `path`, refusing more than `limit` bytes; `what` names the
/// input in messages (`--value-file`, `key file`).
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let file = std::fs::File::open(path).map_err(|e| io_error("read", path, e))?;
    read_all_bounded(file, limit, &format!("{what} {}", path.display())).map_err(|e| match e {
        Error::Io(io) => io_error("read", path, io),
        other => other,
    })
}

/// Reads all of `r`, refusing more than `limit` bytes.
pub fn read_all_bounded(r: impl Read, limit: u64, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    r.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(Error::invalid(format!(
            "{what} holds more than {}; that is not what it should be",
            human_bytes(limit)
        )));
    }
    Ok(buf)
}

/// Reads one line (without its `\n`) into `buf`, refusing one longer than
/// `limit` bytes; `Ok(false)` at the end of the input.
pub fn read_line_bounded(r: &mut impl BufRead, buf: &mut Vec<u8>, limit: u64) -> Result<bool> {
    buf.clear();
    let n = r.take(limit + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    } else if n as u64 > limit {
        return Err(Error::invalid(format!(
            "a line is longer than {}",
            human_bytes(limit)
        )));
    }
    Ok(true)
}

fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Checks that [`write_private`] may write `path`: it does not exist yet
/// (and its directory does), or it is a regular file. Call it before a
/// command's first step, so bad output never stops a command half-way.
pub fn check_output(path: &Path, what: &str) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(()),
        Ok(m) => Err(Error::invalid(format!(
            "{what} {} is {}, not a regular file; name a new file or a regular one",
            path.display(),
            describe(&m.file_type())
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = parent(path);
            if dir.is_dir() {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "{what}: directory {} does not exist",
                    dir.display()
                )))
            }
        }
        Err(e) => Err(io_error("inspect", path, e)),
    }
}

/// [`check_output`], and a temp file made and removed in the directory:
/// a directory the process cannot write (`/proc`, a read-only mount) is
/// found before the first step, not after the last.
pub fn probe_output(path: &Path, what: &str) -> Result<()> {
    check_output(path, what)?;
    tempfile::Builder::new()
        .prefix(".keywarden-probe-")
        .tempfile_in(parent(path))
        .map(drop)
        .map_err(|e| io_error("write", path, e))
}

fn describe(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes `body` to `path`, readable by the owner only: a temp file in the
/// same directory, synced, then renamed over `path`. Nothing is left
/// behind on failure. `path` is checked again as [`check_output`] does.
pub fn write_private(path: &Path, body: &[u8], what: &str) -> Result<()> {
    check_output(path, what)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".keywarden-")
        .tempfile_in(parent(path))
        .map_err(|e| io_error("write", path, e))?;
    tmp.write_all(body)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io_error("write", path, e))?;
    tmp.persist(path)
        .map_err(|e| io_error("write", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounded() {
        let e = read_bounded(Path::new("/dev/zero"), 1024, "--value-file").unwrap_err();
        assert!(e.to_string().contains("more than 1 KiB"), "{e}");
        assert_eq!(e.exit_code(), 2);
        let e = read_bounded(Path::new("/nonexistent/x"), 1024, "--value-file").unwrap_err();
        assert_eq!(e.exit_code(), 1, "{e}");
        let mut r = std::io::Cursor::new(b"ab\ncdefgh\n".to_vec());
        let mut buf = Vec::new();
        assert!(read_line_bounded(&mut r, &mut buf, 4).unwrap());
        assert_eq!(buf, b"ab");
        assert!(read_line_bounded(&mut r, &mut buf, 4).is_err());
    }

    #[test]
    fn only_regular_or_new_files_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("r.md");
        write_private(&f, b"one", "--report").unwrap();
        write_private(&f, b"two", "--report").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(check_output(Path::new("/dev/full"), "--report").is_err());
        assert!(check_output(dir.path(), "--report").is_err());
        assert!(check_output(&dir.path().join("no/such/dir/r.md"), "--report").is_err());
        // Nothing but the report is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
