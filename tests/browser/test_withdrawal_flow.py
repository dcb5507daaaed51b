"""A reporter withdraws the only consenting report of a published violation from the
follow-up page, in a real browser; right after the withdrawal's answer, the violation's
public page, its API item, the search and the CSV export no longer have it (issue 23,
finding 1). With the local-memory cache and with Redis (the cache several processes
share, where older figures are handed out while new ones are computed), JavaScript on and
off."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases import services
from marsad.cases.choices import EventKind, Status
from marsad.cases.models import Violation
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, Trust
from marsad.intake.services import ReportData
from tests.browser.conftest import assert_language, assert_only_local_requests, lang_url, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REDIS_URL = "redis://127.0.0.1:6379/0"
WORD = "زيتونة"  # only in this case's public summary
CHECKLIST = dict.fromkeys(
    ("no_names", "no_handles_or_links", "no_location_details", "no_contact_details"), True
)
WITHDRAWN = {
    "ar": "تم سحب بلاغك",
    "en": "Your report was withdrawn",
    "he": "הדיווח שלך בוטל",
}


@pytest.fixture
def public_cache(request, settings) -> Iterator[str]:
    """The public caches the site runs with: local memory, or Redis under a key prefix of
    this test's own (removed afterwards; nothing else in the Redis database is touched)."""
    kind = request.param
    if kind == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        try:
            client.ping()
        except redis.RedisError:
            pytest.skip("no Redis at " + REDIS_URL)
        prefix = f"test-withdrawal-{uuid.uuid4().hex}"
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
        settings.CACHES = {**django_settings.CACHES, "default": backend}
        # Where the cache is shared, readers get older figures while the worker computes.
        settings.OBSERVATORY_WARM = True
        yield kind
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
    else:
        yield kind


def _held_keys() -> list[str]:
    """The keys this test's Redis prefix holds, without the prefix and version."""
    import redis

    prefix = caches["default"].key_prefix
    return [
        key.decode().split(":", 2)[2]
        for key in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{prefix}:*")
    ]


def published_case() -> tuple[Violation, str]:
    """A documented, published violation from one report consenting to publication, and
    that report's receipt code."""
    staff = make_user(Role.DOCUMENTER, "withdrawal-documenter")
    submitted = intake_services.report_submit(
        data=ReportData(
            description="حذفت المنصة منشوري عن موسم الزيتون.",
            language="ar",
            consent_publish=True,
        ),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"browser-withdrawal:{uuid.uuid4().hex}",
    )
    violation = services.violation_open_from_report(report=submitted.report, actor=staff)
    services.violation_transition(violation=violation, to=Status.IN_REVIEW, actor=staff)
    services.violation_transition(violation=violation, to=Status.DOCUMENTED, actor=staff)
    services.violation_write_summary(
        violation=violation,
        actor=staff,
        language="ar",
        text=f"حُذف منشور عن موسم {WORD} في الضفة الغربية.",
        checklist=CHECKLIST,
    )
    services.violation_set_published(violation=violation, actor=staff, published=True)
    return violation, submitted.receipt_code


def where_the_public_finds_it(context: Any, base_url: str, violation: Violation) -> dict:
    """Asked through the browser's own HTTP stack, as a visitor (no cookies of the
    reporter): the public page, the API item, the search (HTML, and the API with its
    count) and the CSV export."""
    pk = violation.pk
    get = context.request.get
    listing = get(f"{base_url}/api/v1/violations", params={"q": WORD}).json()
    page = get(lang_url(base_url, "ar", "/violations/"), params={"q": WORD}).text()
    body = get(lang_url(base_url, "ar", "/violations/export.csv")).text()
    return {
        "public page": get(lang_url(base_url, "ar", f"/violations/{pk}/")).status,
        "api item": get(f"{base_url}/api/v1/violations/{pk}").status,
        "api search": ([item["id"] for item in listing["items"]], listing["count"]),
        "search page": f'href="/ar/violations/{pk}/"' in page,
        "csv row": str(pk) in [row[0] for row in csv.reader(io.StringIO(body))][1:],
    }


@pytest.mark.parametrize(
    ("language", "javascript", "public_cache"),
    [("ar", True, "locmem"), ("he", False, "redis"), ("en", True, "redis")],
    indirect=["public_cache"],
)
def test_a_withdrawal_takes_the_case_off_every_public_path_at_once(
    browser_context, base_url, language, javascript, public_cache
):
    violation, code = published_case()
    visitor = browser_context()
    # Before: the case is everywhere, and the counts are in the cache.
    assert where_the_public_finds_it(visitor, base_url, violation) == {
        "public page": 200,
        "api item": 200,
        "api search": ([violation.pk], 1),
        "search page": True,
        "csv row": True,
    }
    if public_cache == "redis":  # the figures asked above are held in Redis
        assert type(caches["default"]).__name__ == "RedisCache"
        assert any(key.startswith("observatory:") for key in _held_keys())

    reporter = browser_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}
    )
    page = reporter.new_page()
    page.goto(lang_url(base_url, language, "/report/follow-up/"))
    assert_language(page, language)
    page.fill("#id_code", code)
    page.click("button[type=submit].button")
    page.wait_for_selector(".status")
    page.click(f"a[href='/{language}/report/follow-up/withdraw/']")
    shot(page, "1-confirm")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("button[type=submit].button.danger")
    assert answer.value.status == 200
    assert page.inner_text("h1") == WITHDRAWN[language]
    shot(page, "2-withdrawn")

    # Right after the withdrawal's answer, before anything else happens.
    assert where_the_public_finds_it(visitor, base_url, violation) == {
        "public page": 404,
        "api item": 404,
        "api search": ([], 0),
        "search page": False,
        "csv row": False,
    }
    gone = visitor.new_page()
    assert gone.goto(lang_url(base_url, "ar", f"/violations/{violation.pk}/")).status == 404
    shot(gone, "3-public-page")
    violation.refresh_from_db()
    assert violation.is_published is False
    assert violation.events.filter(kind=EventKind.CONSENT_ENDED, actor=None).count() == 1
    assert_only_local_requests(page)
