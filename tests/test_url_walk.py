"""Every URL pattern answers each persona as tests/url_rules.py says.

The walk covers the whole tree of ``config.urls`` (each language of the public site), so a new
URL without a rule, or a view that lets the wrong persona in, fails here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from conftest import PERSONAS, client_for
from tests.url_rules import RULES, rule_for, walk_urls

pytestmark = pytest.mark.django_db

# Every URL under these holds staff work: never kept by a browser or a proxy, whatever its rule.
PRIVATE_ROUTES = ("staff/", "admin/")


def cache_directives(response) -> set[str]:
    return {
        part.strip().split("=", 1)[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def _example_rule(key: str) -> str:
    return (
        f"  {key!r}: public(),   # or staff(), only('admin'), "
        "everyone(405, why='POST only'), lookup=True for a URL naming an object"
    )


def test_every_url_has_a_rule_and_answers_each_persona_as_it_says(capsys):
    walked = walk_urls()
    missing = sorted({w.key for w in walked if rule_for(w.key) is None})
    unbuildable = sorted({w.route for w in walked if w.url is None})
    used = {found[0] for w in walked if (found := rule_for(w.key))}
    stale = sorted(set(RULES) - used)
    problems = []
    if missing:
        problems.append(
            "URL patterns without a rule: add one to RULES in tests/url_rules.py:\n"
            + "\n".join(_example_rule(key) for key in missing)
        )
    if unbuildable:
        problems.append(
            "No concrete URL could be built for these patterns: add a value for their "
            "parameters to PARAM_VALUES in tests/url_rules.py:\n  " + "\n  ".join(unbuildable)
        )
    if stale:
        problems.append(
            "Rules for URLs that no longer exist: remove them from tests/url_rules.py:\n  "
            + "\n  ".join(stale)
        )

    clients = {persona: client_for(persona) for persona in PERSONAS}
    requests = 0
    for w in walked:
        found = rule_for(w.key)
        if found is None or w.url is None:
            continue
        rule_name, rule = found
        for persona, client in clients.items():
            try:
                response = client.get(w.url)
            except Exception as exc:  # a crash is a 500 for the visitor
                problems.append(f"GET {w.url} as {persona}: raised {exc!r} [{rule_name}]")
                continue
            finally:
                requests += 1
            status = response.status_code
            if (rule.private or w.route.startswith(PRIVATE_ROUTES)) and "no-store" not in (
                cache_directives(response)
            ):
                problems.append(
                    f"GET {w.url} as {persona}: Cache-Control "
                    f"{response.get('Cache-Control')!r}, expected no-store [{rule_name}]"
                )
            if not rule.allows(persona, status):
                problems.append(
                    f"GET {w.url} as {persona}: {status}, expected "
                    f"{rule.expect[persona]} [{rule_name}]"
                )
            elif rule.expect[persona] == 302 and rule.redirect_to:
                with translation.override(w.language or settings.LANGUAGE_CODE):
                    wanted = reverse(rule.redirect_to)
                if urlsplit(response["Location"]).path != wanted:
                    problems.append(
                        f"GET {w.url} as {persona}: redirected to {response['Location']}, "
                        f"expected {wanted} [{rule_name}]"
                    )

    with capsys.disabled():
        print(  # noqa: T201 - the gate's figure in the CI log
            f"\nURL walk: {len({w.route for w in walked})} patterns, {len(walked)} URLs, "
            f"{len(clients)} personas, {requests} requests, {len(problems)} problems"
        )
    assert not problems, "\n".join(problems)
