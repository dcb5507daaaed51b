"""The CSV export written by PostgreSQL's COPY is the file the Python writer makes, byte for
byte, for the same rows: Arabic and Hebrew, commas, quotes, line breaks, empty values and
formula-looking cells in summaries and labels included."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from marsad.cases.models import PublicSummary
from marsad.observatory import csv_copy, exports, selectors
from marsad.observatory.filters import PublicFilter
from marsad.observatory.tests.world import at, build_world, document
from marsad.taxonomy.models import Platform, Region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]
PREFIX = "https://observatory.example.org/ar/violations/"

HOSTILE = {
    "ar": 'حذف منشور، "مقتبس" عن غزة,\nسطر ثانٍ\r\nوثالث',
    "en": '=HYPERLINK("http://evil.example", "click"), then \'quoted\'',
    "he": '-2+3 הוסר פוסט, "ציטוט"\nשורה',
}
FORMULAS = ["+1", "@SUM(A1)", "\tTAB", "\rCR", "-", "plain, with comma", '"', "\\."]


@pytest.fixture
def world():
    world = build_world()
    for n, text in enumerate(FORMULAS):
        document(
            world,
            key=f"X{n}",
            summaries={"ar": f"ملخص {n}", "en": f"summary {n}"},
            documented=at(f"2024-04-0{n % 9 + 1}"),
            platform="youtube" if n % 2 else "tiktok",
            region="east-jerusalem" if n % 3 else None,
        )
        PublicSummary.objects.filter(violation=world.cases[f"X{n}"], language_code="en").update(
            text=text
        )
    hostile = document(
        world,
        key="H",
        summaries={"ar": "ملخص"},
        documented=at("2024-04-20"),
        platform="whatsapp",
        region="gaza-strip",
        tags=("media",),
    )
    PublicSummary.objects.filter(violation=hostile).delete()
    for language, text in HOSTILE.items():
        PublicSummary.objects.create(
            violation=hostile,
            language_code=language,
            text=text,
            no_names=True,
            no_handles_or_links=True,
            no_location_details=True,
            no_contact_details=True,
        )
    # Labels a spreadsheet would take for a formula, or that need quoting.
    platform = Platform.objects.get(slug="whatsapp")
    platform.set_current_language("ar")
    platform.name = '=واتساب, "رسمي"'
    platform.save()
    region = Region.objects.get(slug="east-jerusalem")
    region.set_current_language("ar")
    region.name = "@القدس\nالشرقية"
    region.save()
    cache.clear()
    return world


def python_file(filters: PublicFilter) -> bytes:
    rows = selectors.export_rows(filters=filters, url_for=lambda pk: f"{PREFIX}{pk}/")
    return b"".join(exports.csv_stream(rows))


def copy_file(filters: PublicFilter) -> bytes:
    return b"".join(csv_copy.csv_copy_stream(filters=filters, url_prefix=PREFIX))


QUERIES = [
    {},
    {"platform": "whatsapp"},
    {"tag": "media"},
    {"q": "غزة"},
    {"region": "east-jerusalem"},
]


def test_copy_writes_the_same_bytes_as_the_python_writer(world):
    # One world for every language and filter (building it is most of the test's time).
    for language in ("ar", "en", "he"):
        for query in QUERIES:
            with translation.override(language):
                filters = PublicFilter(query)
                assert filters.is_valid()
                expected = python_file(filters)
                written = copy_file(filters)
            # The one documented difference: COPY quotes a cell that is exactly \. (its
            # end-of-data marker).
            assert written.replace(b'"\\."', b"\\.") == expected, (language, query)
            assert len(list(csv.reader(io.StringIO(expected.decode())))) > 1


def test_the_hostile_row_reads_back_exactly_and_neutralised(world):
    with translation.override("ar"):
        rows = list(csv.reader(io.StringIO(copy_file(PublicFilter({})).decode())))
    names = selectors.EXPORT_NAMES
    hostile = next(r for r in rows if r[0] == str(world.cases["H"].pk))
    assert hostile[names.index("summary_ar")] == HOSTILE["ar"]
    assert hostile[names.index("summary_en")] == "'" + HOSTILE["en"]
    assert hostile[names.index("summary_he")] == "'" + HOSTILE["he"]
    assert hostile[names.index("platform_label")] == '\'=واتساب, "رسمي"'
    assert hostile[names.index("tags")] == "media"
    cells = {r[0]: r[names.index("summary_en")] for r in rows[1:]}
    for n, text in enumerate(FORMULAS):
        expected = "'" + text if text[:1] in exports.FORMULA_FIRST else text
        assert cells[str(world.cases[f"X{n}"].pk)] == expected
    jerusalem = next(r for r in rows if r[names.index("region")] == "east-jerusalem")
    assert jerusalem[names.index("region_label")] == "'@القدس\nالشرقية"
    assert [int(r[0]) for r in rows[1:]] == sorted(int(r[0]) for r in rows[1:])


def test_the_view_streams_the_copy_file_on_postgresql(anonymous, world):
    response = anonymous.get("/ar/violations/export.csv", {"platform": "whatsapp"})
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    with translation.override("ar"):
        filters = PublicFilter({"platform": "whatsapp"})
        filters.is_valid()
        rows = selectors.export_rows(
            filters=filters, url_for=lambda pk: f"http://testserver/ar/violations/{pk}/"
        )
        assert body == b"".join(exports.csv_stream(rows))
