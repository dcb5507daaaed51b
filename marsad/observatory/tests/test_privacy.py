"""Raw check: no public page, chart, export or API answer carries the personal data of the
fixture (victim name, contact details, account handle), a working title, or the text of a
violation that is not published."""

from __future__ import annotations

import io
import zipfile

import pytest

from marsad.observatory.tests.world import (
    HANDLE,
    VICTIM_EMAIL,
    VICTIM_NAME,
    VICTIM_PHONE,
    WORKING_TITLE,
    build_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


SECRETS = (VICTIM_NAME, VICTIM_EMAIL, VICTIM_PHONE, HANDLE, WORKING_TITLE, "لم تنشر قضيتها")


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":  # XLSX: every part of the workbook
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "".join(archive.read(n).decode() for n in archive.namelist())
    return raw.decode()


def test_no_public_answer_carries_personal_data(anonymous, world):
    ids = [v.pk for v in world.cases.values()]
    urls = []
    for language in ("ar", "en", "he"):
        urls += [
            f"/{language}/violations/",
            f"/{language}/violations/?q=سامي",
            f"/{language}/statistics/",
            f"/{language}/violations/export.csv",
            f"/{language}/violations/export.json",
            f"/{language}/violations/export.xlsx",
            f"/{language}/violations/datapackage.json",
            *(f"/{language}/violations/{pk}/" for pk in ids),
            *(f"/{language}/statistics/charts/{name}.svg" for name in ("months", "platform")),
        ]
    urls += [
        "/api/v1/violations?limit=100",
        "/api/v1/stats/summary",
        "/api/v1/stats/breakdowns",
        "/api/v1/taxonomy",
        *(f"/api/v1/violations/{pk}" for pk in ids),
    ]
    checked = 0
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code in (200, 404), url
        text = body_of(response)
        for secret in SECRETS:
            assert secret not in text, (url, secret)
        checked += 1
    assert checked == len(urls)


def test_the_search_never_looks_into_reports(anonymous, world):
    # The reports of every case carry the victim's name; the public search must not find it.
    assert anonymous.get("/api/v1/violations", {"q": VICTIM_NAME}).json()["count"] == 0
    assert anonymous.get("/api/v1/violations", {"q": "sami_secret_handle"}).json()["count"] == 0


def test_an_unpublished_violation_is_404_everywhere(anonymous, world):
    f = world.cases["F"]
    assert anonymous.get(f"/ar/violations/{f.pk}/").status_code == 404
    assert anonymous.get(f"/api/v1/violations/{f.pk}").status_code == 404
