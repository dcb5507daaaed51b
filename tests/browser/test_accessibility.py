"""axe-core finds no serious or critical accessibility problem on any page, in any language.

The pages are every parameterless HTML page in tests/url_rules.py (``page=True``): public pages
in ar, en and he, anonymously; staff pages signed in as the role their rule names. A page added
with a rule is audited without touching this file.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    FIGURES,
    Visit,
    axe_violations,
    describe_violations,
    open_visit,
    shot,
    visits,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

VISITS = visits()


def test_the_audit_covers_the_public_and_staff_pages():
    urls = {(v.url, v.language, v.persona) for v in VISITS}
    for language in ("ar", "en", "he"):
        assert (f"/{language}/", language, "anonymous") in urls
        assert (f"/{language}/about/", language, "anonymous") in urls
        assert ("/staff/sign-in/", language, "anonymous") in urls
        assert ("/staff/", language, "documenter") in urls


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.id)
def test_axe(browser_context, visit: Visit):
    """No serious or critical axe-core violation (a screenshot of each page is kept)."""
    page = open_visit(browser_context, visit)
    shot(page, "audited")
    violations = axe_violations(page)
    FIGURES["axe_pages"] += 1
    FIGURES["axe_violations"] += len(violations)
    assert not violations, describe_violations(visit.url, violations)


def test_the_audit_finds_a_known_violation(browser_context, base_url):
    page = browser_context().new_page()
    page.goto(f"{base_url}/en/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]
