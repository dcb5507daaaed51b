"""Open data: CSV, JSON, XLSX and the Data Package, streamed, with stable ids and URLs and
formula injection neutralised."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from marsad.observatory.selectors import EXPORT_NAMES
from marsad.observatory.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def csv_rows(client, **params):
    response = client.get("/en/violations/export.csv", params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_csv_has_the_documented_columns_and_exact_rows(anonymous, world):
    rows = csv_rows(anonymous, tag="media")
    a = world.cases["A"]
    assert rows[0] == list(EXPORT_NAMES)
    assert rows[1] == [
        str(a.pk),
        f"http://testserver/en/violations/{a.pk}/",
        "2024-01-15",
        "2024-01-10",
        "false",
        "content-removal",
        "Content removal",
        "facebook",
        "Facebook",
        "social-media-company",
        "Social media company",
        "ngo",
        "NGO / civil-society organisation",
        "gaza-strip",
        "Gaza Strip",
        "october-2023",
        "media",
        "حجبت منصة فيسبوك صفحة مؤسسة إعلامية فلسطينية بعد نشرها تقريراً عن الأحداث في ٢٠٢٣.",
        "Facebook blocked the page of a Palestinian media organisation.",
        "",
    ]
    assert len(rows) == 2


def test_rows_are_ordered_by_their_stable_id(anonymous, world):
    ids = [int(row[0]) for row in csv_rows(anonymous)[1:]]
    assert ids == sorted(v.pk for k, v in world.cases.items() if k != "F")


def test_formula_cells_are_neutralised_in_csv_and_xlsx_not_in_json(anonymous, world):
    e = world.cases["E"]
    row = next(r for r in csv_rows(anonymous) if r[0] == str(e.pk))
    assert row[EXPORT_NAMES.index("summary_en")].startswith("'=1+1 was posted")
    response = anonymous.get("/en/violations/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(EXPORT_NAMES)
    cell = next(r for r in values[1:] if r[0] == e.pk)[EXPORT_NAMES.index("summary_en")]
    assert cell.startswith("'=1+1")
    formulas = [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    body = json.loads(b"".join(anonymous.get("/en/violations/export.json").streaming_content))
    item = next(r for r in body["violations"] if r["id"] == e.pk)
    assert item["summary_en"].startswith("=1+1")  # data, not a spreadsheet


def test_json_export_carries_licence_citation_and_filters(anonymous, world):
    response = anonymous.get("/ar/violations/export.json", {"platform": "facebook"})
    assert response.streaming
    body = json.loads(b"".join(response.streaming_content))
    assert body["meta"]["licence"] == "CC-BY-4.0"
    assert body["meta"]["filters"] == "platform=facebook"
    assert "/ar/violations/" in body["meta"]["citation"]
    assert [r["id"] for r in body["violations"]] == sorted(
        [world.cases["A"].pk, world.cases["D"].pk]
    )
    assert body["violations"][0]["url"].startswith("http://testserver/ar/violations/")


def test_datapackage_describes_the_csv(anonymous, world):
    package = anonymous.get("/en/violations/datapackage.json", {"platform": "facebook"}).json()
    resource = package["resources"][0]
    assert resource["path"] == "http://testserver/en/violations/export.csv?platform=facebook"
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == csv_rows(anonymous)[0]
    assert {f["name"]: f["type"] for f in fields}["documented_on"] == "date"
    assert resource["schema"]["primaryKey"] == ["id"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["citation"]


def test_downloads_are_rate_limited(anonymous, world, settings):
    settings.OBSERVATORY_EXPORT_LIMIT_PER_HOUR = 2
    assert anonymous.get("/en/violations/export.csv").status_code == 200
    assert anonymous.get("/en/violations/export.json").status_code == 200
    refused = anonymous.get("/en/violations/export.xlsx")
    assert refused.status_code == 429
    assert refused.json()["code"] == "observatory.rate_limited"
