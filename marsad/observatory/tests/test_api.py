"""The public API: one violation, the taxonomy, CORS for reads only, rate limits."""

from __future__ import annotations

import pytest

from marsad.observatory.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_one_violation_with_its_summaries_and_terms(anonymous, world):
    a = world.cases["A"]
    response = anonymous.get(f"/api/v1/violations/{a.pk}", {"lang": "he"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "id": a.pk,
        "url": f"http://testserver/he/violations/{a.pk}/",
        "documented_on": "2024-01-15",
        "occurred_on": "2024-01-10",
        "occurred_on_approximate": False,
        "violation_type": {"slug": "content-removal", "label": "הסרת תוכן"},
        "platform": {"slug": "facebook", "label": "פייסבוק"},
        "perpetrator_type": {"slug": "social-media-company", "label": "חברת מדיה חברתית"},
        "victim_type": {"slug": "ngo", "label": "ארגון לא ממשלתי / ארגון חברה אזרחית"},
        "region": {"slug": "gaza-strip", "label": "רצועת עזה"},
        "crisis_period": {"slug": "october-2023", "label": "מאוקטובר 2023 ואילך: המלחמה בעזה"},
        "tags": [{"slug": "media", "label": "إعلام"}],
        "summaries": {
            "ar": "حجبت منصة فيسبوك صفحة مؤسسة إعلامية فلسطينية بعد نشرها تقريراً عن "
            "الأحداث في ٢٠٢٣.",
            "en": "Facebook blocked the page of a Palestinian media organisation.",
        },
    }
    assert "\\u" not in response.content.decode()  # UTF-8, no escapes


def test_missing_violation_is_a_coded_404(anonymous, world):
    response = anonymous.get("/api/v1/violations/987654321")
    assert response.status_code == 404
    assert response.json()["code"] == "observatory.not_found"


def test_list_pages_with_limit_and_offset(anonymous, world):
    first = anonymous.get("/api/v1/violations", {"limit": 2}).json()
    second = anonymous.get("/api/v1/violations", {"limit": 2, "offset": 2}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (5, 2, 2)
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])


def test_taxonomy_lists_every_vocabulary_in_three_languages(anonymous, world):
    body = anonymous.get("/api/v1/taxonomy").json()
    assert set(body) == {
        "violation_type_group",
        "violation_type",
        "platform",
        "perpetrator_type",
        "victim_type",
        "region",
        "tag",
        "crisis_period",
    }
    facebook = next(t for t in body["platform"] if t["slug"] == "facebook")
    assert facebook["labels"] == {"ar": "فيسبوك", "en": "Facebook", "he": "פייסבוק"}
    one = anonymous.get("/api/v1/taxonomy", {"vocabulary": "region"}).json()
    assert list(one) == ["region"]
    assert anonymous.get("/api/v1/taxonomy", {"vocabulary": "contacts"}).status_code == 400


def test_cors_allows_other_sites_to_read_but_not_to_post_reports(anonymous, world):
    origin = {"HTTP_ORIGIN": "https://newsroom.example"}
    read = anonymous.get("/api/v1/violations", **origin)
    assert read["Access-Control-Allow-Origin"] == "*"
    preflight = anonymous.options(
        "/api/v1/violations", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    intake = anonymous.options(
        "/api/v1/reports", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin
    )
    assert "Access-Control-Allow-Origin" not in intake
    posted = anonymous.post("/api/v1/reports", {}, content_type="application/json", **origin)
    assert "Access-Control-Allow-Origin" not in posted


def test_public_api_is_rate_limited(anonymous, world, settings):
    settings.OBSERVATORY_API_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert anonymous.get("/api/v1/taxonomy").status_code == 200
    refused = anonymous.get("/api/v1/stats/summary")
    assert refused.status_code == 429
    assert refused.json()["code"] == "observatory.rate_limited"
