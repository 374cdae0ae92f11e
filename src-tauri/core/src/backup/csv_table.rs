//! A CSV file read whole, with cells found by header name: Microsoft's report files start with
//! a UTF-8 byte order mark, quote fields that hold commas or quotes, leave unknown numbers and
//! dates empty, and do not promise column order (their own examples differ from their lists).

use std::collections::HashMap;
use time::Date;

use crate::error::{Error, ErrorCode, Result};

/// The header positions by name, and the records.
pub(crate) struct Table {
    columns: HashMap<String, usize>,
    records: Vec<csv::StringRecord>,
    what: &'static str,
}

/// One record, read by column name.
pub(crate) struct Row<'a> {
    table: &'a Table,
    record: &'a csv::StringRecord,
}

impl Table {
    /// Reads `bytes`; `what` names the report in error messages.
    pub(crate) fn read(bytes: &[u8], what: &'static str) -> Result<Table> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers = reader.headers().map_err(|e| malformed(what, &e))?;
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect();
        let records = reader
            .records()
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| malformed(what, &e))?;
        Ok(Table {
            columns,
            records,
            what,
        })
    }

    /// Turns every record into a `T`; the first bad cell fails the whole file.
    pub(crate) fn rows<T>(&self, read: impl Fn(&Row) -> Result<T>) -> Result<Vec<T>> {
        self.records
            .iter()
            .map(|record| {
                read(&Row {
                    table: self,
                    record,
                })
            })
            .collect()
    }
}

impl Row<'_> {
    /// The trimmed text of a cell ("" when the record is short).
    pub(crate) fn text(&self, column: &str) -> Result<String> {
        let index = self.table.columns.get(column).copied().ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedResponse,
                format!("the {} report has no '{column}' column", self.table.what),
            )
        })?;
        Ok(self.record.get(index).unwrap_or("").trim().to_string())
    }

    pub(crate) fn number(&self, column: &str) -> Result<Option<u64>> {
        match self.text(column)?.as_str() {
            "" => Ok(None),
            s => s.parse().map(Some).map_err(|_| self.bad(s, "a number")),
        }
    }

    /// Microsoft writes `True` / `False`; empty counts as false.
    pub(crate) fn flag(&self, column: &str) -> Result<bool> {
        match self.text(column)?.to_ascii_lowercase().as_str() {
            "" | "false" => Ok(false),
            "true" => Ok(true),
            s => Err(self.bad(s, "True or False")),
        }
    }

    /// `YYYY-MM-DD`, or empty.
    pub(crate) fn day(&self, column: &str) -> Result<Option<Date>> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match self.text(column)?.as_str() {
            "" => Ok(None),
            s => Date::parse(s, &format)
                .map(Some)
                .map_err(|_| self.bad(s, "a date")),
        }
    }

    fn bad(&self, value: &str, kind: &str) -> Error {
        let line = self.record.position().map_or(0, |p| p.line());
        Error::new(
            ErrorCode::MalformedResponse,
            format!(
                "line {line} of the {} report: '{value}' is not {kind}",
                self.table.what
            ),
        )
    }
}

fn malformed(what: &str, err: &csv::Error) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!("the {what} report is not a readable CSV file: {err}"),
    )
}
