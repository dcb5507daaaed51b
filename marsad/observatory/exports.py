"""Open data writers: CSV, JSON and XLSX of the published violations, and the Frictionless
Data Package that describes them. Each writer takes the rows of ``selectors.export_rows`` (a
generator reading the database in chunks) and yields bytes, so memory stays flat whatever
the number of rows; XLSX goes through openpyxl's write-only mode into a temporary file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from marsad.observatory.selectors import EXPORT_COLUMNS, EXPORT_NAMES, EXPORT_TEXT_COLUMNS

BOOLEAN_COLUMN = EXPORT_NAMES.index("occurred_on_approximate")

# A spreadsheet runs a cell beginning with one of these as a formula (and a tab or a carriage
# return can hide one); such cells get a leading apostrophe, shown as text everywhere.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


FORMULA_FIRST = frozenset(FORMULA_STARTS)
# Lines end with a line feed: PostgreSQL's COPY (``csv_copy``, the export on PostgreSQL)
# writes the same file, and COPY has no other terminator. The writer still ends its lines
# with CR LF, so that it quotes a cell holding either (as COPY does), and the CR is dropped.
LINE_END = "\n"


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes."""

    def write(self, value: str) -> str:
        return value


def neutralised(value: str) -> str:
    """A text cell a spreadsheet will show as text (a leading apostrophe before a formula)."""
    if value and value[0] in FORMULA_FIRST:
        return "'" + value
    return value


def spreadsheet_row(row: tuple[Any, ...]) -> list[Any]:
    """A row for CSV and XLSX: text columns neutralised."""
    cells = list(row)
    for i in EXPORT_TEXT_COLUMNS:
        cells[i] = neutralised(cells[i])
    return cells


def csv_stream(rows: Iterable[tuple[Any, ...]]) -> Iterator[bytes]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield (writer.writerow(EXPORT_NAMES)[:-2] + LINE_END).encode()
    batch: list[str] = []
    for row in rows:
        cells = spreadsheet_row(row)
        cells[BOOLEAN_COLUMN] = "true" if cells[BOOLEAN_COLUMN] else "false"
        batch.append(writer.writerow(cells)[:-2] + LINE_END)
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def json_stream(rows: Iterable[tuple[Any, ...]], *, meta: dict[str, Any]) -> Iterator[bytes]:
    """``{"meta": {...}, "violations": [...]}``, UTF-8 without escapes, one row at a time.
    JSON is data, not a spreadsheet: its strings are kept exactly as written."""
    head = json.dumps({"meta": meta}, ensure_ascii=False)[:-1]
    yield (head + ', "violations": [').encode()
    batch: list[str] = []
    first = True
    for row in rows:
        item = dict(zip(EXPORT_NAMES, row, strict=True))
        batch.append(("" if first else ",\n") + json.dumps(item, ensure_ascii=False))
        first = False
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    yield ("".join(batch) + "]}\n").encode()


def xlsx_file(rows: Iterable[tuple[Any, ...]]) -> IO[bytes]:
    """The rows as an XLSX workbook in a temporary file (rewound), written in write-only mode
    so that openpyxl keeps no row in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("violations")
    sheet.append(list(EXPORT_NAMES))
    for row in rows:
        sheet.append([WriteOnlyCell(sheet, value=v) for v in spreadsheet_row(row)])
    target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(target)
    target.seek(0)
    return target


def datapackage(*, csv_url: str, home_url: str, title: str, citation: str) -> dict[str, Any]:
    """A Frictionless Data Package (v1) describing the CSV export with its table schema."""
    types = {"integer": "integer", "date": "date", "boolean": "boolean", "string": "string"}
    return {
        "profile": "tabular-data-package",
        "name": "marsad-violations",
        "title": title,
        "homepage": home_url,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "licenses": [
            {
                "name": settings.OBSERVATORY_DATA_LICENCE,
                "path": settings.OBSERVATORY_DATA_LICENCE_URL,
                "title": settings.OBSERVATORY_DATA_LICENCE,
            }
        ],
        "citation": citation,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "violations",
                "path": csv_url,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": LINE_END, "header": True},
                "schema": {
                    "fields": [
                        {
                            "name": name,
                            "type": types[kind],
                            "description": doc,
                            **({"format": "uri"} if name == "url" else {}),
                            **(
                                {"trueValues": ["true"], "falseValues": ["false"]}
                                if kind == "boolean"
                                else {}
                            ),
                        }
                        for name, kind, doc in EXPORT_COLUMNS
                    ],
                    "primaryKey": ["id"],
                    "missingValues": [""],
                },
            }
        ],
    }
