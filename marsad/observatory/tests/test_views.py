"""The public home and about pages in each language."""

import re

import pytest
from django.utils import translation

from marsad.demo.seeding import seed_demo
from marsad.taxonomy.models import ViolationType

pytestmark = pytest.mark.django_db

LANGUAGES = [("ar", "rtl"), ("en", "ltr"), ("he", "rtl")]


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_home_has_language_and_direction(anonymous, language, direction):
    response = anonymous.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    # Every other language is one link away, pointing at the same page.
    for other, _ in LANGUAGES:
        if other != language:
            assert f'href="/{other}/"' in html


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("he-IL,he;q=0.9", "/he/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("fr-FR", "/ar/"),
        ("", "/ar/"),
    ],
)
def test_root_sends_visitors_to_their_language(anonymous, accept, target):
    response = anonymous.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_no_page_refers_to_another_host(anonymous, language, direction):
    for path in (f"/{language}/", f"/{language}/about/", "/staff/sign-in/"):
        html = anonymous.get(path).content.decode()
        for attr in re.findall(r'(?:src|href|action)="([^"]+)"', html):
            assert attr.startswith("/") or attr.startswith("#"), (path, attr)


def test_home_counts_documented_violations_of_this_year(anonymous, settings):
    seed_demo(year=2026, violations=37)
    html = anonymous.get("/en/").content.decode()
    assert '<span class="figure">35</span>' in html  # rounded down to a multiple of 5
    assert "violations documented in 2026" in html
    settings.OBSERVATORY_MIN_CELL = 1
    assert '<span class="figure">37</span>' in anonymous.get("/en/").content.decode()


@pytest.mark.parametrize("documented", [0, 3])
def test_home_says_fewer_than_k_for_a_small_year(anonymous, documented):
    if documented:
        seed_demo(year=2026, violations=documented)
    html = anonymous.get("/en/").content.decode()
    shown = re.search(r'<span class="figure">([^<]*)</span>\s*violations documented in 2026', html)
    assert shown
    assert shown.group(1) == "fewer than 5"


def test_home_query_count_is_pinned(anonymous, django_assert_num_queries):
    with django_assert_num_queries(2):  # one count per year shown
        anonymous.get("/en/")


@pytest.mark.parametrize(
    ("language", "heading", "example"),
    [
        ("en", "Content removal", "Example:"),
        ("ar", "حذف المحتوى", None),
        ("he", "הסרת תוכן", None),
    ],
)
def test_about_lists_types_with_definitions(anonymous, language, heading, example):
    response = anonymous.get(f"/{language}/about/")
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    with translation.override(language):
        first = ViolationType.objects.get(slug="content-removal")
        assert first.definition in html
    if example:
        assert example in html


def test_about_query_count_is_pinned(anonymous, django_assert_num_queries):
    with django_assert_num_queries(4):  # groups, their translations, types, theirs
        anonymous.get("/en/about/")


def test_security_headers(anonymous):
    response = anonymous.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


# --- The database of violations and the public violation page --------------------------


@pytest.fixture
def published_world():
    from marsad.observatory.tests.world import build_world

    return build_world()


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_database_page_lists_published_violations_in_each_language(
    anonymous, published_world, language, direction
):
    response = anonymous.get(f"/{language}/violations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert len(re.findall(rf'<h2><a href="/{language}/violations/\d+/">', html)) == 5
    assert 'dir="auto"' in html
    # No script but the quick exit's (marsad/core/static/marsad/exit.js).
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/marsad/exit.js" defer>']


def test_database_page_paginates_with_the_filters_kept(anonymous, published_world, monkeypatch):
    from marsad.observatory import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    html = anonymous.get("/en/violations/", {"sort": "oldest"}).content.decode()
    assert 'href="?sort=oldest&amp;page=2"' in html
    assert "Page 1 of 3" in html
    last = anonymous.get("/en/violations/", {"sort": "oldest", "page": "3"}).content.decode()
    assert f'href="/en/violations/{published_world.cases["E"].pk}/"' in last
    assert "Page 3 of 3" in anonymous.get("/en/violations/", {"page": "99"}).content.decode()
    assert anonymous.get("/en/violations/", {"page": "x"}).status_code == 200


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_violation_page_has_summary_terms_and_citation(
    anonymous, published_world, language, direction
):
    a = published_world.cases["A"]
    response = anonymous.get(f"/{language}/violations/{a.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert "صفحة مؤسسة إعلامية فلسطينية" in html
    assert f"http://testserver/{language}/violations/{a.pk}/" in html
    assert 'class="citation"' in html


def test_violation_page_prefers_the_summary_in_the_page_language(anonymous, published_world):
    a = published_world.cases["A"]
    html = anonymous.get(f"/en/violations/{a.pk}/").content.decode()
    first = html.index("Facebook blocked the page")
    assert first < html.index("حجبت منصة فيسبوك")
    assert 'lang="en" dir="auto"' in html


def test_the_page_counts_up_to_what_its_pages_show(anonymous, published_world, monkeypatch):
    from marsad.observatory import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    html = anonymous.get("/en/violations/").content.decode()
    assert "More than 3 violations found" in html
    assert "narrow the filters or download the data" in html
    # The API gives the exact figure.
    assert anonymous.get("/api/v1/violations").json()["count"] == 5
    exact = anonymous.get("/en/violations/", {"platform": "facebook"}).content.decode()
    assert "2 violations found" in exact
