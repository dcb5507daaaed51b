"""No page makes a request to any host but the site itself (no CDN, fonts, analytics).

Every parameterless HTML page of tests/url_rules.py is loaded with JavaScript on, in ar, en and
he, and every request the browser made is checked. The harness's recorder is tested too.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    FIGURES,
    Visit,
    foreign_requests,
    open_visit,
    requests_of,
    visits,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("visit", visits(), ids=lambda v: v.id)
def test_page_requests_only_its_own_site(browser_context, base_url, visit: Visit):
    page = open_visit(browser_context, visit)
    recorded = requests_of(page).urls
    foreign = foreign_requests(page)
    FIGURES["request_pages"] += 1
    FIGURES["requests"] += len(recorded)
    FIGURES["foreign_requests"] += len(foreign)
    assert f"{base_url}{visit.url}" in recorded
    assert not foreign, f"{visit.url} requested other hosts: {foreign}"


def test_the_recorder_sees_a_request_to_another_host(browser_context, base_url):
    context = browser_context(check=False)
    page = context.new_page()
    page.route("http://elsewhere.invalid/**", lambda route: route.abort())
    page.goto(f"{base_url}/en/")
    page.evaluate(
        "() => new Promise(done => { const img = new Image();"
        " img.onerror = img.onload = done; img.src = 'http://elsewhere.invalid/pixel.png'; })"
    )
    assert foreign_requests(page) == ["http://elsewhere.invalid/pixel.png"]
