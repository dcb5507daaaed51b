"""Reading the spreadsheets people really have: CSV in whatever encoding Excel or Google wrote,
and XLSX. Rows are streamed (CSV line by line, XLSX with openpyxl's read-only mode), so a
large file never sits in memory. Cells are data, never code: a formula such as
``=HYPERLINK(...)`` is read as its text and never evaluated.

Used by the ``marsad import`` command (``marsad.intake.importing``) and meant for its later
kinds too.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import openpyxl

type Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None

_DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}


class SpreadsheetError(Exception):
    """The file cannot be read (or no longer can, part-way through)."""


@dataclass
class Table:
    """A header and a stream of ``(row number, cells)``; row numbers are those a spreadsheet
    shows (the header of a CSV file is row 1)."""

    kind: str  # "CSV" or "XLSX"
    header: list[str]
    rows: Iterator[tuple[int, Sequence[Cell]]]
    encoding: str = ""
    delimiter: str = ""

    def describe(self) -> str:
        columns = f"{len(self.header)} column{'' if len(self.header) == 1 else 's'}"
        if self.kind == "XLSX":
            return f"XLSX, {columns}"
        return f"CSV, encoding {self.encoding}, {_DELIMITERS[self.delimiter]}-separated, {columns}"


def cell_text(value: Cell) -> str:
    """A cell as trimmed NFC text (dates in ISO form, 5.0 as 5, Windows line ends as \\n)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value).replace("\r\n", "\n")).strip()


def quoted(value: str, limit: int = 60) -> str:
    """A cell value safe to print in a per-row report: short, quoted, control characters
    (terminal escapes) shown as ``\\uXXXX``."""
    short = value if len(value) <= limit else value[: limit - 1] + "…"
    shown = "".join(
        ch if unicodedata.category(ch)[0] != "C" else f"\\u{ord(ch):04x}" for ch in short
    )
    return f"'{shown}'"


def detect_encoding(path: Path) -> tuple[str, str]:
    """(codec, description) of a CSV file: a byte-order mark decides; otherwise UTF-16 without
    one is recognised by its zero bytes, UTF-8 is checked by decoding the whole file in chunks,
    and anything else is read as Windows-1256 (Arabic Windows)."""
    with open(path, "rb") as f:
        head = f.read(4096)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", "UTF-8 (with BOM)"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", "UTF-16 (Excel Unicode text)"
        if head.count(0) > len(head) // 4:
            le = head[1::2].count(0) > head[0::2].count(0)
            return ("utf-16-le", "UTF-16 LE") if le else ("utf-16-be", "UTF-16 BE")
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            chunk = head
            while chunk:
                decoder.decode(chunk)
                chunk = f.read(1 << 16)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1256", "Windows-1256 (Arabic Windows; the file is not UTF-8)"
    return "utf-8", "UTF-8"


def _header(cells: Sequence[Cell]) -> list[str]:
    return [" ".join(cell_text(c).replace("\ufeff", "").split()) for c in cells]


@contextmanager
def _csv_table(path: Path, encoding: str | None) -> Iterator[Table]:
    if encoding:
        try:
            codec, label = codecs.lookup(encoding).name, encoding
        except LookupError:
            raise SpreadsheetError(f"unknown encoding {encoding!r}") from None
    else:
        codec, label = detect_encoding(path)
    with open(path, encoding=codec, newline="") as f:
        try:
            first = f.readline()
        except UnicodeDecodeError as exc:
            raise SpreadsheetError(f"the file is not valid {label}: {exc.reason}") from None
        # Excel writes tabs in "Unicode text" and semicolons where the comma is a decimal mark.
        delimiter = max(_DELIMITERS, key=first.count) if first.strip() else ","
        reader = csv.reader(itertools.chain([first], f), delimiter=delimiter)

        def rows() -> Iterator[tuple[int, Sequence[Cell]]]:
            number = 1
            try:
                for number, cells in enumerate(reader, start=2):
                    yield number, cells
            except (csv.Error, UnicodeDecodeError) as exc:
                raise SpreadsheetError(
                    f"the file cannot be read after row {number}: {exc}"
                ) from None

        try:
            header = _header(next(reader, []))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise SpreadsheetError(f"the header row cannot be read: {exc}") from None
        yield Table("CSV", header, rows(), encoding=label, delimiter=delimiter)


@contextmanager
def _xlsx_table(path: Path, sheet: str) -> Iterator[Table]:
    try:
        # Read-only streams the rows; formulas are read as their text and never evaluated.
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError(f"not a readable XLSX file: {exc}") from None
    try:
        if sheet and sheet not in book.sheetnames:
            raise SpreadsheetError(
                f"no sheet {sheet!r}; the sheets are: {', '.join(book.sheetnames)}"
            )
        worksheet = book[sheet] if sheet else book.worksheets[0]
        rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
        header: list[str] = []
        for _number, cells in rows:  # the header is the first row with something in it
            if any(cell_text(c) for c in cells):
                header = _header(cells)
                break
        yield Table("XLSX", header, rows)
    finally:
        book.close()


@contextmanager
def table_open(path: Path, *, encoding: str | None = None, sheet: str = "") -> Iterator[Table]:
    """Open a .csv (also .tsv, .txt) or .xlsx file; ``encoding`` overrides CSV detection and
    ``sheet`` picks an XLSX sheet (default: the first)."""
    path = Path(path)
    if not path.is_file():
        raise SpreadsheetError(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        with _xlsx_table(path, sheet) as table:
            yield table
    elif suffix in {".csv", ".tsv", ".txt"}:
        with _csv_table(path, encoding) as table:
            yield table
    else:
        raise SpreadsheetError("give a .csv or .xlsx file (save an old .xls as .xlsx or CSV)")
