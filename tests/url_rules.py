"""Who gets what from every URL: the rules checked by tests/test_url_walk.py.

``tests/test_url_walk.py`` resolves the whole URL tree of ``config.urls`` (each language of
``i18n_patterns`` separately), builds a concrete URL for every pattern, sends it a GET as
anonymous and as each persona of the root ``conftest.PERSONAS``, and compares the status with
the rule below for the pattern's name (``namespace:name``). A pattern without a rule fails the
build: a new URL is added together with the statement of who may see it.

A parameter in a URL is filled with a value that names no object (``987654321`` for ids, see
``CANDIDATE_VALUES``), so a rule made with ``lookup=True`` expects 404 from the personas that
are allowed in and the usual 302/403 from the others.

Rules with ``page=True`` are HTML pages people read: the browser gates (axe-core audit,
requests to other hosts) load every such page that has no parameter, in every language.

Rules with ``private=True`` (every staff and admin rule, and the public pages that may show a
reporter's words or contact details) must answer every persona with ``Cache-Control:
no-store``, as must every URL under ``/staff/`` and ``/admin/`` (``marsad/core/nostore.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.regex_helper import normalize

from conftest import PERSONAS
from marsad.accounts.choices import STAFF_ROLES, Role
from marsad.accounts.roles import ROLE_PERMISSIONS

STAFF = tuple(role.value for role in STAFF_ROLES)

Expected = int | frozenset[int]


@dataclass(frozen=True)
class Rule:
    """Expected GET status per persona (an int, or a set of acceptable statuses)."""

    expect: Mapping[str, Expected]
    page: bool = False
    # A persona expected to get exactly 302 must be sent to this URL name (a sign-in page).
    redirect_to: str | None = None
    why: str = ""
    audit_as: str = field(default="anonymous")  # who the browser gates sign in as
    # May hold reporters' words or contact details: never kept by a browser or a proxy.
    private: bool = False

    def allows(self, persona: str, status: int) -> bool:
        expected = self.expect[persona]
        return status in expected if isinstance(expected, frozenset) else status == expected


def _each(status: Expected, personas: Iterable[str] = PERSONAS) -> dict[str, Expected]:
    return dict.fromkeys(personas, status)


def public(
    *, page: bool = True, lookup: bool = False, private: bool = False, why: str = ""
) -> Rule:
    """Everyone, signed in or not, gets the page (404 for a missing object)."""
    return Rule(_each(404 if lookup else 200), page=page, why=why, private=private)


def staff(*, page: bool = True, lookup: bool = False, why: str = "") -> Rule:
    """Staff roles get it; a partner is refused (403); anonymous goes to the staff sign-in."""
    return only(*STAFF, page=page, lookup=lookup, why=why)


def only(*roles: str, page: bool = True, lookup: bool = False, why: str = "") -> Rule:
    """The listed staff roles get it; other signed-in users 403; anonymous to sign-in."""
    expect = {**_each(403), "anonymous": 302, **_each(404 if lookup else 200, roles)}
    audit_as = roles[0] if roles else "anonymous"
    return Rule(
        expect,
        page=page,
        redirect_to="accounts:login",
        why=why,
        audit_as=audit_as,
        private=True,
    )


def everyone(
    status: int, *, why: str, redirect_to: str | None = None, private: bool = False
) -> Rule:
    """The same answer for everyone, e.g. ``everyone(405, why="POST only")``."""
    return Rule(_each(status), redirect_to=redirect_to, why=why, private=private)


def admin_site(*, admin: Expected = 200, why: str = "") -> Rule:
    """A Django admin URL: the admin role gets ``admin``; everyone else the admin sign-in."""
    return Rule({**_each(302), "admin": admin}, redirect_to="admin:login", why=why, private=True)


def account(
    anonymous: Expected,
    staff_gets: Expected,
    *,
    page: bool = False,
    redirect_to: str | None = None,
    audit_as: str = "anonymous",
    why: str = "",
) -> Rule:
    """An allauth page under /staff/account/: ``anonymous`` and the staff roles as given; a
    signed-in partner is refused (403) by ``StaffAreaMiddleware``."""
    expect = {**_each(staff_gets, STAFF), "anonymous": anonymous, "partner": 403}
    return Rule(
        expect, page=page, redirect_to=redirect_to, why=why, audit_as=audit_as, private=True
    )


# A redirect elsewhere than the rule's ``redirect_to`` (checked by the accounts tests instead).
REDIRECT = frozenset({302})

# What an administrator may meet on the other admin URLs, probing ids that do not exist:
# pages (200), "does not exist" redirects to the index (302), models outside the admin role's
# permissions (403), 404, and 405 for the POST-only logout. Never a 5xx.
ADMIN_ANSWERS = frozenset({200, 302, 403, 404, 405})

RULES: dict[str, Rule] = {
    # Public site, under /ar/, /en/, /he/.
    "observatory:home": public(),
    "observatory:about": public(),
    "observatory:staying_safe": public(),
    "observatory:violations": public(),
    "observatory:violation": public(lookup=True, why="published violations only; others 404"),
    "observatory:statistics": public(),
    "observatory:chart": public(
        page=False, lookup=True, why="an SVG chart; a name that is not a chart is 404"
    ),
    "observatory:export_csv": public(page=False),
    "observatory:export_json": public(page=False),
    "observatory:export_xlsx": public(page=False),
    "observatory:datapackage": public(page=False),
    # The report form and the follow-up: a reporter's words, receipt code and contact details
    # may be on them (a form sent back, the receipt, the follow-up page).
    "intake:report": public(private=True),
    "intake:followup_start": public(private=True),
    "intake:followup_case": everyone(
        302,
        redirect_to="intake:followup_start",
        why="only after a receipt code is given",
        private=True,
    ),
    "intake:followup_withdraw": everyone(
        302,
        redirect_to="intake:followup_start",
        why="only after a receipt code is given",
        private=True,
    ),
    "intake:followup_leave": everyone(405, why="leaving the follow-up is a POST", private=True),
    "activities:publications": public(),
    "activities:publications_feed": public(page=False, why="the Atom feed (XML)"),
    "activities:publication": public(lookup=True),
    "activities:publication_document": public(
        page=False, lookup=True, why="a published version's PDF, as a download"
    ),
    "newsletter:subscribe": public(private=True, why="a form sent back shows the address"),
    **{
        f"newsletter:{name}": public(
            page=False,
            lookup=True,
            private=True,
            why="a signed link from an email (it shows the address): a wrong one is 404",
        )
        for name in ("confirm", "preferences", "unsubscribe")
    },
    # The JSON API under /api/v1/ (the partner token is checked on POST, by the API tests).
    "api:openapi-json": public(page=False),
    # Probes and metrics (marsad/ops): no personal data, no versions, no errors in the answer.
    "ops:healthz": public(page=False, why="liveness probe: 'ok' as long as the process answers"),
    "ops:readyz": public(
        page=False, why="readiness probe: ok/failed per check, 503 while one fails"
    ),
    "ops:metrics": everyone(
        404, why="Prometheus metrics: off until MARSAD_METRICS_TOKEN or allowed networks"
    ),
    "api:create_report": everyone(
        401, why="the same path as list_reports: ninja names it once per operation", private=True
    ),
    "api:list_reports": everyone(
        401,
        why="GET lists a partner's own reports: a bearer token is needed, not a session",
        private=True,
    ),
    "api:get_report": everyone(401, why="a partner's own report: bearer token only", private=True),
    "api:list_violations": public(page=False),
    "api:get_violation": public(page=False, lookup=True),
    "api:stats_summary": public(page=False),
    "api:stats_breakdowns": public(page=False),
    "api:stats_escalations": public(page=False),
    "api:taxonomy": public(page=False),
    "api:list_escalations": everyone(
        401, why="the staff API: a staff token, not a session", private=True
    ),
    "api:create_escalation": everyone(401, why="the same path as list_escalations", private=True),
    "api:get_escalation": everyone(
        401, why="the staff API: a staff token, not a session", private=True
    ),
    "api:record_answer": everyone(405, why="POST only", private=True),
    "api:record_outcome": everyone(405, why="POST only", private=True),
    "api:api-root": everyone(404, why="django-ninja's root; its docs are off (CDN scripts)"),
    # Language switch (the form POSTs); a GET without "next" is sent back to the home page.
    "set_language": everyone(302, why="Django's set_language"),
    "quick_exit": everyone(
        302,
        why="the quick exit: forgets a reporter's session, sends everyone to MARSAD_QUICK_EXIT_URL",
    ),
    # Staff area.
    "accounts:dashboard": staff(),
    "accounts:login": Rule(
        {**_each(302), "anonymous": 200},
        page=True,
        redirect_to="accounts:dashboard",
        why="whoever is signed in is sent on to the dashboard",
    ),
    "accounts:logout": everyone(405, why="sign-out is a POST"),
    # django-allauth under /staff/account/: the sign-in steps, two-factor set-up, passwords.
    # Staff personas have an authenticator app and passed it (conftest); pages that change
    # two-factor settings or the email address ask for a fresh second factor first (allauth's
    # reauthentication; never the password alone, AccountAdapter).
    "account_login": account(
        200, 302, redirect_to="accounts:dashboard", why="the same sign-in page as accounts:login"
    ),
    "account_logout": Rule(
        {**_each(200), "anonymous": 302},
        page=True,
        redirect_to="accounts:login",
        audit_as="documenter",
        why="a confirmation page (the sign-out itself is a POST); partners may sign out too",
    ),
    "account_signup": account(
        200, 302, page=True, redirect_to="accounts:dashboard", why="sign-up is closed"
    ),
    "account_inactive": account(
        200, 200, page=True, why="allauth's page for switched-off accounts"
    ),
    "account_reauthenticate": account(
        302,
        REDIRECT,
        redirect_to="accounts:login",
        why="the password prompt: staff with a second factor are sent to confirm with it",
    ),
    "account_email": account(
        302, 200, page=True, redirect_to="accounts:login", audit_as="documenter"
    ),
    "account_change_password": account(
        302, 200, page=True, redirect_to="accounts:login", audit_as="documenter"
    ),
    "account_set_password": account(
        302, REDIRECT, redirect_to="accounts:login", why="staff have a password: to change it"
    ),
    "account_reset_password": account(200, 200, page=True),
    "account_reset_password_done": account(200, 200, page=True),
    "account_reset_password_from_key": account(200, 200, why="a wrong link: 'ask for a new one'"),
    "account_reset_password_from_key_done": account(200, 200, page=True),
    "account_email_verification_sent": account(
        200, 200, why="email verification is off: nothing links here"
    ),
    "account_confirm_email": account(200, 200, why="email verification is off: a wrong link"),
    "account_confirm_login_code": account(
        REDIRECT, 302, redirect_to="accounts:dashboard", why="sign-in by code is off"
    ),
    "mfa_index": account(302, 200, page=True, redirect_to="accounts:login", audit_as="documenter"),
    "mfa_authenticate": account(
        REDIRECT,
        302,
        redirect_to="accounts:dashboard",
        why="only between the password and the code; anonymous: to allauth's sign-in",
    ),
    "mfa_reauthenticate": account(
        302, 200, page=True, redirect_to="accounts:login", audit_as="documenter"
    ),
    **{
        name: account(
            REDIRECT,
            302,
            redirect_to="mfa_reauthenticate",
            why="changes two-factor settings: a fresh second factor first",
        )
        for name in (
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
            "mfa_add_webauthn",
            "mfa_edit_webauthn",
            "mfa_remove_webauthn",
        )
    },
    # Security keys (WebAuthn): the list is the staff member's own; confirming with a key is
    # for accounts that have one (the personas have only the app: they are sent to its code).
    "mfa_list_webauthn": account(
        302, 200, page=True, redirect_to="accounts:login", audit_as="documenter"
    ),
    "mfa_reauthenticate_webauthn": account(
        REDIRECT,
        302,
        redirect_to="mfa_reauthenticate",
        why="confirming with a security key: staff without one are sent to the app's code",
    ),
    # Triage and case work (cases app): reports need intake.view_report (not analysts).
    "cases:inbox": only("documenter", "coordinator", "admin"),
    "cases:report": only("documenter", "coordinator", "admin", lookup=True),
    "cases:violations": staff(),
    "cases:violation": staff(lookup=True),
    **{
        f"cases:{name}": everyone(405, why="an action: POST only")
        for name in (
            "report_open",
            "report_attach",
            "report_triage",
            "report_contact",
            "violation_classify",
            "violation_status",
            "violation_victim",
            "violation_ask",
            "violation_note",
            "violation_assign",
            "violation_merge",
            "violation_split",
            "violation_summary",
            "violation_publish",
        )
    },
    # Evidence: documenters and coordinators only (analysts and admins never see what
    # reporters sent). Files are not pages; originals and packages are POST with a reason.
    "evidence:item": only("documenter", "coordinator", lookup=True),
    **{
        f"evidence:{name}": only("documenter", "coordinator", page=False, lookup=True)
        for name in ("safe_copy", "thumbnail", "screenshot")
    },
    **{
        f"evidence:{name}": everyone(405, why="an action: POST only")
        for name in ("original", "retry", "upload", "capture", "package", "capture_links")
    },
    # Escalations: every staff role reads the ledger and the statistics; batches (and their
    # packages, which carry what reporters agreed to share) are for coordinators and admins.
    "escalations:ledger": staff(),
    "escalations:statistics": staff(),
    "escalations:detail": staff(lookup=True),
    "escalations:batches": only("coordinator", "admin"),
    "escalations:batch_new": Rule(
        {**_each(403), "anonymous": 302, "coordinator": REDIRECT},
        redirect_to="accounts:login",
        why="coordinators only; without ?platform= they are sent back to the batches page "
        "(checked by the escalations view tests)",
    ),
    "escalations:batch": only("coordinator", "admin", lookup=True),
    **{
        f"escalations:{name}": only("coordinator", "admin", page=False, lookup=True)
        for name in ("batch_json", "batch_csv", "batch_pdf")
    },
    **{
        f"escalations:{name}": everyone(405, why="an action: POST only")
        for name in (
            "answer",
            "close",
            "follow_up",
            "appeal",
            "batch_files",
            "batch_send",
            "batch_remove",
            "batch_discard",
        )
    },
    # The organisation's record: analysts (communications) record it, administrators read it.
    "activities_staff:home": only("analyst", "admin"),
    **{
        f"activities_staff:{name}": only("analyst", "admin")
        for name in (
            "publications",
            "trainings",
            "assessments",
            "events",
            "campaigns",
            "milestones",
            "media",
            "communications",
            "organisations",
        )
    },
    **{
        f"activities_staff:{name}_new": only("analyst")
        for name in (
            "publication",
            "training",
            "assessment",
            "event",
            "campaign",
            "milestone",
            "media",
            "communications",
            "organisation",
        )
    },
    **{
        f"activities_staff:{name}_edit": only("analyst", lookup=True)
        for name in (
            "publication",
            "training",
            "assessment",
            "event",
            "campaign",
            "milestone",
            "media",
            "communications",
            "organisation",
        )
    },
    "activities_staff:training_attendance": only("analyst", lookup=True),
    "activities_staff:communications_import": only("analyst"),
    "activities_staff:publication_publish": everyone(405, why="an action: POST only"),
    "activities_staff:publication_unpublish": everyone(405, why="an action: POST only"),
    # The mailing list: analysts write and send mailings and see counts; administrators
    # answer requests about a subscriber's data (find, show, export, erase: all logged).
    "newsletter_staff:home": only("analyst", "admin"),
    "newsletter_staff:mailing_new": only("analyst"),
    "newsletter_staff:mailing": only("analyst", "admin", lookup=True),
    "newsletter_staff:mailing_edit": only("analyst", lookup=True),
    "newsletter_staff:subscribers": only("analyst", "admin"),
    "newsletter_staff:subscriber": only("admin", lookup=True),
    "newsletter_staff:bounces": only("analyst", "admin"),
    **{
        f"newsletter_staff:{name}": everyone(405, why="an action: POST only")
        for name in (
            "mailing_send",
            "mailing_cancel",
            "mailing_resume",
            "subscriber_reveal",
            "subscriber_export",
            "subscriber_erase",
        )
    },
    # Reports: analysts write and generate them; coordinators and administrators read them.
    "reporting:reports": only("analyst", "coordinator", "admin"),
    "reporting:report": only("analyst", "coordinator", "admin", lookup=True),
    "reporting:pdf": only("analyst", "coordinator", "admin", page=False, lookup=True),
    "reporting:summary": only("analyst", lookup=True),
    "reporting:section_new": only("analyst", lookup=True),
    "reporting:section_edit": only("analyst", lookup=True),
    **{
        f"reporting:{name}": everyone(405, why="an action: POST only")
        for name in ("generate", "check", "section_delete", "notable", "publication")
    },
    # The Django admin: administrators only; everyone else is sent to its sign-in page.
    "admin:login": Rule(
        {**_each(403), "anonymous": 302, "admin": REDIRECT},
        redirect_to="accounts:login",
        why="no admin sign-in form: anonymous to the staff sign-in (password and second "
        "factor), other accounts refused, an admin sent on to the index",
    ),
    "admin:logout": Rule(
        {**_each(302), "admin": 405},
        redirect_to="admin:index",
        why="sign-out is a POST; others are sent to the index (and from there to sign-in)",
    ),
    "admin:index": admin_site(),
    "admin:*": admin_site(admin=ADMIN_ANSWERS, why="the rest of the admin, summarised"),
}

# The admin role opens the list of every admin-registered model its role may view, and the
# "add" page of every one it may add (marsad/accounts/roles.py).
for _dotted in ROLE_PERMISSIONS[Role.ADMIN]:
    _app_label, _codename = _dotted.split(".", 1)
    _action, _model_name = _codename.split("_", 1)
    _view = {"view": "changelist", "add": "add"}.get(_action)
    if _view and admin.site.is_registered(apps.get_model(_app_label, _model_name)):
        RULES[f"admin:{_app_label}_{_model_name}_{_view}"] = admin_site(
            why=f"the admin role has {_dotted}"
        )

# Values for URL parameters, tried in order until the URL resolves back to its own pattern.
# None of them names an existing object.
CANDIDATE_VALUES = ("987654321", "00000000-0000-4000-8000-000000000000", "no-such-thing")
# Parameters that only accept particular values (the admin's app index takes an app label).
PARAM_VALUES: dict[str, str] = {"app_label": "accounts"}


def rule_for(key: str) -> tuple[str, Rule] | None:
    """The rule for a URL key: its exact name, else the nearest ``namespace:*`` rule."""
    if key in RULES:
        return key, RULES[key]
    parts = key.split(":")[:-1]
    while parts:
        wildcard = ":".join(parts) + ":*"
        if wildcard in RULES:
            return wildcard, RULES[wildcard]
        parts.pop()
    return None


# ---------------------------------------------------------------------------------------------
# Walking the URL tree


@dataclass(frozen=True)
class Walked:
    """One concrete URL for one pattern (in one language for ``i18n_patterns``)."""

    key: str  # "namespace:name"; "namespace:<unnamed route>" for a pattern without a name
    route: str  # the pattern, e.g. "<language>/about/"
    url: str | None  # None when no candidate value resolves back to the pattern
    language: str | None
    has_params: bool


def _leaves(
    patterns: Iterable[Any], chain: tuple[Any, ...] = (), namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], tuple[str, ...], URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _leaves(entry.url_patterns, (*chain, entry.pattern), spaces)
        else:
            yield (*chain, entry.pattern), namespaces, entry


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _piece(pattern: Any, value: Callable[[str], str]) -> tuple[str, bool]:
    """The URL text for one level of the tree, and whether it took parameters."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix, False
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return _CONVERTER.sub(lambda m: value(m.group(1)), route), bool(pattern.converters)
    if isinstance(pattern, RegexPattern):
        template, params = normalize(pattern.regex.pattern)[0]
        return template % {name: value(name) for name in params}, bool(params)
    raise TypeError(f"unknown URL pattern type {type(pattern).__name__}: {pattern}")


def _route(chain: tuple[Any, ...]) -> str:
    """The pattern as a readable route: ``<language>/about/``, ``admin/<object_id>/change/``."""
    return "".join(
        "<language>/"
        if isinstance(p, LocalePrefixPattern)
        else _piece(p, lambda name: f"<{name}>")[0]
        for p in chain
    )


def _build(chain: tuple[Any, ...], leaf: URLPattern) -> tuple[str | None, bool]:
    for candidate in CANDIDATE_VALUES:
        pieces = [_piece(p, lambda name, c=candidate: PARAM_VALUES.get(name, c)) for p in chain]
        url = "/" + "".join(text for text, _ in pieces)
        has_params = any(params for _, params in pieces)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func is leaf.callback:
            return url, has_params
        if match.route == _route(chain).lstrip("/"):
            # Two names for one route (django-ninja names a path once per operation): the
            # URL is the same, and the first pattern answers it.
            return url, has_params
    return None, any(_piece(p, str)[1] for p in chain)


def walk_urls(urlconf: str | None = None) -> list[Walked]:
    """Every pattern of the URL tree as a concrete URL; i18n patterns once per language."""
    walked = []
    for chain, namespaces, leaf in _leaves(get_resolver(urlconf).url_patterns):
        i18n = any(isinstance(p, LocalePrefixPattern) for p in chain)
        languages = [code for code, _name in settings.LANGUAGES] if i18n else [None]
        for language in languages:
            route = _route(chain)
            with translation.override(language or settings.LANGUAGE_CODE):
                key = ":".join((*namespaces, leaf.name or f"<unnamed {route}>"))
                url, has_params = _build(chain, leaf)
            walked.append(Walked(key, route, url, language, has_params))
    return walked


def pages(*, audit_as: str = "anonymous") -> list[Walked]:
    """The HTML pages without parameters whose rule is ``page=True`` for this audience."""
    result = []
    for walked in walk_urls():
        found = rule_for(walked.key)
        if found is None or walked.url is None or walked.has_params:
            continue
        rule = found[1]
        if rule.page and rule.audit_as == audit_as and rule.allows(audit_as, 200):
            result.append(walked)
    return result
