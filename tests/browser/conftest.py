"""The real-browser harness shared by every user-flow test.

Debian's chromium (``/usr/bin/chromium``, or ``MARSAD_CHROMIUM``) driven by Playwright's sync
API against pytest-django's ``live_server``. What it gives a test:

- ``page`` (JavaScript on) and ``page_nojs`` (JavaScript off), each in a fresh context;
  ``browser_context`` to build other contexts (a language cookie, a signed-in user ...);
- every request a context makes is recorded; when the test ends the fixture fails it if any
  request went to a host other than the live server (``foreign_requests`` to check earlier);
- ``language`` (a test per language), ``lang_url`` / ``set_language`` / ``assert_language`` /
  ``sign_in`` helpers for the three languages and the personas;
- ``shot(page, name)``: a full-page screenshot in ``artifacts/screenshots/`` (kept by CI);
- ``axe_violations(page)``: runs axe-core (``npm ci`` installs it) in the page, CSP intact, and
  returns the serious and critical violations;
- ``visits()`` / ``open_visit()``: every parameterless page of tests/url_rules.py in every
  language, opened as the persona its rule names.

Tests using the live server must be marked ``@pytest.mark.django_db(transaction=True)`` and
``@pytest.mark.browser``. Without chromium or axe-core the tests are skipped with the reason,
except under CI (``CI=true``), where a missing tool fails them: the gate must not vanish.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

# pytest-django's live server and Playwright's sync API share the test thread: Playwright runs
# an event loop there, and Django then refuses ORM calls from the test ("async context") unless
# this is set. It must be in the environment before any test runs (it applies to the whole run
# once a browser test is collected; Marsad has no code that relies on that check).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium"))
# The machine's network refuses anything but loopback: keep chromium from phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
DIRECTION = {"ar": "rtl", "en": "ltr", "he": "rtl"}
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}
AXE_IMPACTS = ("serious", "critical")


# The gates' figures, printed at the end of the run (e.g. "axe: 17 pages audited").
FIGURES: Counter[str] = Counter()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: runs in a real browser (chromium) against the live server"
    )


# What this process has already handed to a test report (the root conftest.py sums the
# reports, which also come from pytest-xdist's workers, and prints the totals).
_REPORTED: Counter[str] = Counter()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if call.when == "teardown":
        delta = FIGURES - _REPORTED
        if delta:
            report.user_properties.append(("gate_figures", dict(delta)))
            _REPORTED.update(delta)
    return report


def _missing(what: str) -> None:
    """Skip a browser test when a tool is missing locally; fail it in CI."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{what} (CI must run every gate)")
    pytest.skip(what)


# ---------------------------------------------------------------------------------------------
# Browser and contexts


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"no chromium at {CHROMIUM} (apt-get install chromium, or set MARSAD_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _seeded_vocabularies(request: pytest.FixtureRequest) -> None:
    """Transactional tests empty the database after each test (the vocabularies a migration
    seeded go with it); put the defaults back before each browser test."""
    if "live_server" in request.fixturenames or "base_url" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        request.getfixturevalue("vocabularies_reseeded")


@pytest.fixture
def base_url(live_server) -> str:
    """The live server's origin, e.g. ``http://localhost:40123`` (no trailing slash)."""
    return live_server.url.rstrip("/")


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    """Run the test once per language: ``def test_flow(page, base_url, language)``."""
    return request.param


def lang_url(base_url: str, language: str, path: str = "/") -> str:
    """A public page in one language: ``lang_url(base_url, "he", "/about/")``."""
    return f"{base_url}/{language}{path}"


def set_language(context: Any, base_url: str, language: str) -> None:
    """Choose the language of pages without a language prefix (``/staff/``) by cookie."""
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )


def sign_in(context: Any, base_url: str, user: Any) -> None:
    """Sign ``user`` in for this context: a session made by the test client, as a cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


@dataclass
class Recorded:
    """Every request made by one browser context (pages, frames, workers, websockets)."""

    origin: str
    urls: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        allowed = urlsplit(self.origin).netloc
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != allowed
        ]


_RECORDS: dict[int, Recorded] = {}


def requests_of(page_or_context: Any) -> Recorded:
    context = getattr(page_or_context, "context", page_or_context)
    return _RECORDS[id(context)]


def foreign_requests(page_or_context: Any) -> list[str]:
    """Requests that went to any host but the live server (should be none)."""
    return requests_of(page_or_context).foreign()


def assert_only_local_requests(page_or_context: Any) -> None:
    foreign = foreign_requests(page_or_context)
    assert not foreign, "requests to other hosts: " + ", ".join(foreign)


@pytest.fixture
def browser_context(browser, base_url) -> Iterator[Callable[..., Any]]:
    """A factory of recorded contexts: ``browser_context(java_script_enabled=False)``.

    Keyword arguments go to ``browser.new_context``; ``language=`` sets the language cookie and
    ``user=`` signs a user in. At the end of the test every context is closed and the test
    fails if any of them made a request to another host (``check=False`` to allow it: only
    for the harness's own test).
    """
    contexts: list[Any] = []

    def make(
        *, language: str | None = None, user: Any = None, check: bool = True, **options: Any
    ) -> Any:
        options.setdefault("base_url", base_url)
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**options)
        record = Recorded(origin=base_url)
        _RECORDS[id(context)] = record
        context.on("request", lambda request: record.urls.append(request.url))
        context.on("page", lambda page: page.on("websocket", lambda ws: record.urls.append(ws.url)))
        if language:
            set_language(context, base_url, language)
        if user is not None:
            sign_in(context, base_url, user)
        contexts.append((context, check))
        return context

    yield make
    foreign: list[str] = []
    for context, check in contexts:
        record = _RECORDS.pop(id(context))
        if check:
            foreign += record.foreign()
        context.close()
    if foreign:
        pytest.fail("requests to other hosts than the live server: " + ", ".join(foreign))


@pytest.fixture
def page(browser_context) -> Any:
    """A page with JavaScript on."""
    return browser_context().new_page()


@pytest.fixture
def page_nojs(browser_context) -> Any:
    """A page with JavaScript off, as in Tor Browser's "safest" mode."""
    return browser_context(java_script_enabled=False).new_page()


def assert_language(page: Any, language: str) -> None:
    """The page declares the language and its direction on ``<html>``."""
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]


# ---------------------------------------------------------------------------------------------
# Artefacts


def _test_name() -> str:
    current = os.environ.get("PYTEST_CURRENT_TEST", "unknown")
    name = current.rsplit(" (", 1)[0].split("::", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as ``artifacts/screenshots/<test>-<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_test_name()}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# ---------------------------------------------------------------------------------------------
# Accessibility (axe-core)


def axe_violations(page: Any, impacts: tuple[str, ...] = AXE_IMPACTS) -> list[dict[str, Any]]:
    """Run axe-core on the page; return the violations whose impact is in ``impacts``.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so
    the audited page keeps the CSP users get (an inline style the CSP blocks stays blocked).
    ``add_script_tag`` would insert an inline ``<script>`` that the CSP (rightly) refuses, and
    would need a ``bypass_csp=True`` context, i.e. auditing a page users never see.
    """
    if not AXE_JS.exists():
        _missing(f"axe-core is not installed at {AXE_JS} (run: npm ci)")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{url}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        lines.extend(f"    {node['target']}: {node['html'][:160]}" for node in v["nodes"][:5])
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The pages the gates visit


@dataclass(frozen=True)
class Visit:
    """One page in one language, as one persona (``anonymous`` or a role)."""

    url: str
    language: str
    persona: str
    by_cookie: bool  # the URL has no language prefix: the language cookie chooses it

    @property
    def id(self) -> str:
        """``anonymous-he-about`` for /he/about/, ``documenter-ar-staff`` for /staff/."""
        path = self.url.strip("/").split("/")
        if not self.by_cookie:
            path = path[1:]  # drop the language prefix
        return (
            "-".join([self.persona, self.language, *path])
            if path
            else (f"{self.persona}-{self.language}-home")
        )


def visits() -> list[Visit]:
    """Every parameterless HTML page of tests/url_rules.py, in every language.

    Public pages are visited anonymously; staff pages as the role their rule names.
    """
    from tests.url_rules import PERSONAS, pages

    result = []
    for persona in PERSONAS:
        for walked in pages(audit_as=persona):
            assert walked.url is not None
            if walked.language:
                result.append(Visit(walked.url, walked.language, persona, by_cookie=False))
            else:
                result.extend(Visit(walked.url, code, persona, True) for code in LANGUAGES)
    return result


def open_visit(browser_context: Callable[..., Any], visit: Visit, **options: Any) -> Any:
    """Open the page of ``visit`` in a new recorded context; check it answered 200."""
    from conftest import make_user
    from marsad.accounts.choices import Role

    user = None if visit.persona == "anonymous" else make_user(Role(visit.persona))
    language = visit.language if visit.by_cookie else None
    context = browser_context(language=language, user=user, **options)
    page = context.new_page()
    response = page.goto(visit.url, wait_until="networkidle")
    assert response is not None
    assert response.status == 200, f"{visit.url} as {visit.persona}: {response.status}"
    assert_language(page, visit.language)
    return page
