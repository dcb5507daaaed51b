"""Reading CSV and XLSX files: encodings, delimiters, streaming."""

import codecs
import tracemalloc

import pytest

from marsad.core.spreadsheets import SpreadsheetError, detect_encoding, table_open


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (codecs.BOM_UTF8 + "الوصف\n".encode(), "utf-8-sig"),
        ("الوصف\n".encode("utf-16"), "utf-16"),
        ("الوصف,Description\n".encode("utf-16-le"), "utf-16-le"),
        ("الوصف,Description\n".encode("utf-16-be"), "utf-16-be"),
        ("الوصف\n".encode(), "utf-8"),
        (b"Description\n", "utf-8"),
        ("الوصف\n".encode("cp1256"), "cp1256"),
    ],
)
def test_detect_encoding(tmp_path, data, codec):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert detect_encoding(path)[0] == codec


def test_csv_rows_are_streamed(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("n,text\n")
        for n in range(100_000):
            f.write(f"{n},{'x' * 90}\n")
    tracemalloc.start()
    try:
        with table_open(path) as table:
            last = max(number for number, _cells in table.rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert last == 100_001  # the header is row 1
    assert peak < 1_000_000  # the file is 9.7 MB


def test_a_forced_encoding_that_does_not_fit_stops_with_a_message(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a\n" + b"x\n" * 20_000 + "ب".encode())
    with (
        pytest.raises(
            SpreadsheetError, match=r"^the file cannot be read after row \d+: 'ascii' codec"
        ),
        table_open(path, encoding="ascii") as table,
    ):
        list(table.rows)


@pytest.mark.parametrize("name", ["old.xls", "notes.docx"])
def test_other_files_are_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SpreadsheetError, match=r"give a \.csv or \.xlsx file"), table_open(path):
        pass


def test_a_broken_xlsx_is_refused(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(SpreadsheetError, match="not a readable XLSX file"), table_open(path):
        pass
