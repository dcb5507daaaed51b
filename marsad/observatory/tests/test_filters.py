"""One filter set: the HTML list, the API list and the exports return the same records for
the same filters; bad filters are a 400 everywhere; list queries are pinned."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marsad.observatory.filters import FILTER_NAMES
from marsad.observatory.tests.world import add_escalations, build_world

pytestmark = pytest.mark.django_db

CASES = [
    ({}, "ABCDE"),
    ({"platform": "facebook"}, "AD"),
    ({"violation_type": "hacking"}, "BE"),
    ({"region": "west-bank"}, "BC"),
    ({"victim_type": "journalist"}, "BD"),
    ({"perpetrator_type": "social-media-company"}, "AD"),
    ({"tag": "media"}, "A"),
    ({"crisis_period": "october-2023"}, "A"),
    ({"from": "2024-02-01", "to": "2024-02-29"}, "BC"),
    ({"from": "2024-03-01"}, "DE"),
    ({"to": "2024-01-15"}, "A"),  # the end day is included
    ({"q": "منصه", "region": "west-bank"}, "C"),
    ({"q": "عزه"}, ""),  # غ and ع are different letters
    ({"platform": "facebook", "victim_type": "journalist", "from": "2024-03-05"}, "D"),
    # The latest escalation's outcome (D's follow-up was refused; F, no answer, is unpublished).
    ({"outcome": "restored"}, "A"),
    ({"outcome": "refused"}, "D"),
    ({"outcome": "account_secured"}, "B"),
    ({"outcome": "open"}, "C"),
    ({"outcome": "not_escalated"}, "E"),
    ({"outcome": "no_answer"}, ""),
    ({"outcome": "refused", "platform": "instagram"}, ""),
    ({"outcome": "restored", "platform": "facebook", "q": "فيسبوك"}, "A"),
]


@pytest.fixture
def world():
    world = build_world()
    add_escalations(world)
    return world


def keys(world, ids) -> str:
    by_pk = {v.pk: key for key, v in world.cases.items()}
    return "".join(sorted(by_pk[i] for i in ids))


def html_ids(client, params) -> list[int]:
    response = client.get("/en/violations/", params)
    assert response.status_code == 200
    return [
        int(i)
        for i in re.findall(r'<h2><a href="/en/violations/(\d+)/">', response.content.decode())
    ]


def api_ids(client, params) -> list[int]:
    response = client.get("/api/v1/violations", {**params, "limit": 100})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def csv_ids(client, params) -> list[int]:
    response = client.get("/en/violations/export.csv", params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(body))]


def json_ids(client, params) -> list[int]:
    response = client.get("/en/violations/export.json", params)
    body = json.loads(b"".join(response.streaming_content))
    return [row["id"] for row in body["violations"]]


@pytest.mark.parametrize(("params", "expected"), CASES)
def test_html_api_and_exports_return_the_same_records(anonymous, world, params, expected):
    found = {
        "html": keys(world, html_ids(anonymous, params)),
        "api": keys(world, api_ids(anonymous, params)),
        "csv": keys(world, csv_ids(anonymous, params)),
        "json": keys(world, json_ids(anonymous, params)),
    }
    assert found == dict.fromkeys(found, expected)


def test_the_filter_names_are_the_api_parameters(anonymous):
    schema = anonymous.get("/api/v1/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/violations"]["get"]["parameters"]}
    assert set(FILTER_NAMES) <= params
    assert set(FILTER_NAMES) - {"q"} <= {
        p["name"] for p in schema["paths"]["/api/v1/stats/summary"]["get"]["parameters"]
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"platform": "no-such-platform"}, "platform"),
        ({"from": "2024-13-01"}, "from"),
        ({"from": "2024-03-01", "to": "2024-02-01"}, "to"),
        ({"to": "9999-12-31"}, "to"),
        ({"outcome": "lost"}, "outcome"),
    ],
)
def test_bad_filters_are_refused_everywhere_with_the_field_named(anonymous, world, params, field):
    page = anonymous.get("/en/violations/", params)
    assert page.status_code == 400
    assert f'id="id_{field}-error"' in page.content.decode()
    api = anonymous.get("/api/v1/violations", params)
    assert api.status_code == 400
    assert field in api.json()["errors"]
    export = anonymous.get("/en/violations/export.csv", params)
    assert export.status_code == 400
    assert field in export.json()["errors"]
    assert anonymous.get("/en/statistics/", params).status_code == 400


def test_the_filters_in_force_make_shareable_links(anonymous, world):
    html = anonymous.get(
        "/en/violations/", {"platform": "facebook", "q": "page", "sort": "oldest"}
    ).content.decode()
    assert 'href="/en/violations/export.csv?q=page&amp;platform=facebook&amp;sort=oldest"' in html
    # Search words and the order do not apply to the statistics.
    assert 'href="/en/statistics/?platform=facebook"' in html


def test_sort_orders(anonymous, world):
    newest = keys_in_order(world, api_ids(anonymous, {}))
    assert newest == "EDCBA"
    assert keys_in_order(world, api_ids(anonymous, {"sort": "oldest"})) == "ABCDE"
    # By incident date: B (Jan 30), A (Jan 10), then those without one, newest documented.
    assert keys_in_order(world, api_ids(anonymous, {"sort": "occurred"})) == "BAEDC"


def keys_in_order(world, ids) -> str:
    by_pk = {v.pk: key for key, v in world.cases.items()}
    return "".join(by_pk[i] for i in ids)


def test_list_queries_are_pinned(anonymous, world):
    anonymous.get("/en/violations/")  # warm the cached term labels and count
    with CaptureQueriesContext(connection) as html:
        assert anonymous.get("/en/violations/", {"platform": "facebook"}).status_code == 200
    with CaptureQueriesContext(connection) as api:
        response = anonymous.get("/api/v1/violations", {"platform": "facebook", "lang": "en"})
        assert response.status_code == 200
    # The count (first time for these filters), the page, its summaries, its tags: terms come
    # from the cached labels. The same for the API (whose count is exact, the page's capped).
    assert len(html) == 4, [q["sql"] for q in html.captured_queries]
    assert len(api) == 4, [q["sql"] for q in api.captured_queries]
