"""Hostile and broken input: each gets a clear, translated 4xx, and nothing is half-saved.

Every case is sent in Arabic (the default language) and must answer 4xx with the Arabic text
of its message, leave no report row and no stored file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from marsad.intake.models import Report, ReportFile
from marsad.intake.tests.conftest import stored_files
from marsad.intake.tests.factories import form_data, png_bytes, png_upload, upload
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db
URL = "/ar/report/"


def arabic(msgid: str, _singular: str | None = None, **params: object) -> str:
    """The Arabic text of a message (a plural message when ``_singular`` is given, counted
    by its first number parameter)."""
    with translation.override("ar"):
        if _singular is None:
            text = gettext(msgid)
        else:
            count = next(v for v in params.values() if isinstance(v, int))
            text = ngettext(_singular, msgid, count)
    assert text != msgid, f"not translated into Arabic: {msgid!r}"
    return text % params if params else text


@dataclass
class Case:
    name: str
    send: Callable[[Client], object]
    status: int
    message: tuple[str, dict[str, object]]  # msgid and params; must appear in Arabic


def msg(msgid: str, **params: object) -> tuple[str, dict[str, object]]:
    return msgid, params


def post(**fields):
    return lambda client: client.post(URL, form_data(**fields))


def raw_multipart(body_fields: dict[str, bytes]) -> Callable[[Client], object]:
    boundary = "BoUnDaRy"
    parts = []
    for name, value in body_fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return lambda client: client.generic(
        "POST", URL, body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def base_bytes(**overrides: bytes) -> dict[str, bytes]:
    fields = {k: str(v).encode() for k, v in form_data().items()}
    fields.update(overrides)
    return fields


INVALID_ENCODING = (
    "Part of the text could not be read (it was not valid UTF-8). "
    "Please retype it or paste it again."
)
BIDI = (
    "The text contains invisible direction-control characters. We removed them: please "
    "check the text and send it again."
)
NULL = "The text contains a null character, which is not allowed."
NOT_A_LINK = "“%(link)s” is not a valid web address."
FILE_TYPE = (
    "“%(name)s” is not a kind of file we accept. Send screenshots or photos, PDF "
    "documents, videos, audio recordings or plain text."
)
HANDLE = "An account name may contain letters, digits, dots, dashes and underscores."
CONTROL = "This field contains invisible or control characters."


def cases() -> list[Case]:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return [
        Case(
            "script in links",
            post(links="<script>alert(1)</script>"),
            400,
            msg(NOT_A_LINK, link="<script>alert(1)</script>"),
        ),
        Case(
            "javascript link",
            post(links="javascript:alert(document.cookie)"),
            400,
            msg(NOT_A_LINK, link="javascript:alert(document.cookie)"),
        ),
        Case("markup in handle", post(account_handle="<b onmouseover=x>"), 400, msg(HANDLE)),
        Case(
            "markup in email",
            post(contact_email="<a>@x", consent_contact="on"),
            400,
            msg("Enter a valid email address."),
        ),
        Case(
            "markup in phone",
            post(contact_phone="<script>", consent_contact="on"),
            400,
            msg("Enter a phone number with its country code, for example +970 59 123 4567."),
        ),
        Case("markup in date", post(occurred_on="<img src=x>"), 400, msg("Enter a valid date.")),
        Case(
            "markup as violation type",
            post(violation_type="<svg/onload=1>"),
            400,
            msg("Select a valid choice. That choice is not one of the available choices."),
        ),
        Case(
            "markup as platform",
            post(platform='"><script>'),
            400,
            msg("Select a valid choice. That choice is not one of the available choices."),
        ),
        Case(
            "markup as target",
            post(target="<x>"),
            400,
            msg(
                "Select a valid choice. %(value)s is not one of the available choices.", value="<x>"
            ),
        ),
        Case(
            "bidi override in description", post(description="safe \u202etxt.exe"), 400, msg(BIDI)
        ),
        Case("bidi isolate in victim name", post(victim_name="\u2067Name\u2069"), 400, msg(BIDI)),
        Case("bidi override in handle", post(account_handle="@abc\u202e"), 400, msg(BIDI)),
        Case("bidi override in link", post(links="https://x.com/\u202eevil"), 400, msg(BIDI)),
        Case(
            "null byte in description",
            post(description="a\x00b"),
            400,
            msg("Null characters are not allowed."),
        ),
        Case(
            "null byte in platform rule",
            post(platform_rule="rule\x00"),
            400,
            msg("Null characters are not allowed."),
        ),
        Case("control character in rule", post(platform_rule="rule\x07bell"), 400, msg(CONTROL)),
        Case(
            "100,000-character description",
            post(description="أ" * 100_000),
            400,
            msg(
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                limit_value=20_000,
                show_value=100_000,
                _singular="Ensure this value has at most %(limit_value)d character (it has "
                "%(show_value)d).",
            ),
        ),
        Case(
            "1,000 links",
            post(links="\n".join(f"https://x.com/p/{i}" for i in range(1000))),
            400,
            msg("Please give at most %(max)d links; describe the rest in your own words.", max=20),
        ),
        Case(
            "invalid UTF-8 in description",
            raw_multipart(base_bytes(description=b"\xff\xfe broken \xc3\x28")),
            400,
            msg(INVALID_ENCODING),
        ),
        Case(
            "invalid UTF-8 in url-encoded body",
            lambda client: client.generic(
                "POST",
                URL,
                b"description=%FF%FE&submission_id=" + b"s" * 43,
                content_type="application/x-www-form-urlencoded",
            ),
            400,
            msg(INVALID_ENCODING),
        ),
        Case("empty description", post(description="   "), 400, msg("This field is required.")),
        Case(
            "future date",
            post(occurred_on="2999-12-31"),
            400,
            msg("The date cannot be in the future."),
        ),
        Case(
            "contact without consent",
            post(contact_email="me@example.org"),
            400,
            msg("Tick this box so that we may use the contact details you gave, or remove them."),
        ),
        Case(
            "receipt email without address",
            post(send_receipt_by_email="on"),
            400,
            msg("Enter your email address to receive the receipt code."),
        ),
        Case(
            "disguised type: html named .jpg",
            post(
                evidence=upload(
                    "photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"
                )
            ),
            400,
            msg(FILE_TYPE, name="photo.jpg"),
        ),
        Case(
            "disguised type: program named .png",
            post(evidence=upload("cat.png", b"MZ\x90\x00" + b"\x00" * 500, "image/png")),
            400,
            msg(FILE_TYPE, name="cat.png"),
        ),
        Case(
            "svg with script",
            post(evidence=upload("logo.svg", svg, "image/svg+xml")),
            400,
            msg(FILE_TYPE, name="logo.svg"),
        ),
        Case(
            "empty file",
            post(evidence=upload("empty.png", b"", "image/png")),
            400,
            msg("The submitted file is empty."),
        ),
        Case(
            "oversized file",
            lambda client: _oversized_file(client),
            400,
            msg(
                "“%(name)s” is larger than %(limit)d MB, the limit for this kind of file.",
                name="big.png",
                limit=1,
            ),
        ),
        Case(
            "oversized body",
            lambda client: client.post(
                URL,
                form_data(),
                CONTENT_LENGTH=str(settings.INTAKE_MAX_UPLOAD_MB * 1024 * 1024 + 1),
            ),
            413,
            msg(
                "What you sent is too large. Send fewer or smaller files (at most "
                "%(mb)d MB in all).",
                mb=settings.INTAKE_MAX_UPLOAD_MB,
            ),
        ),
        Case(
            "too many files",
            post(evidence=[png_upload(f"s{i}.png") for i in range(11)]),
            400,
            msg("Please send at most %(max)d files.", max=10),
        ),
        Case(
            "path traversal file name",
            post(
                evidence=upload(
                    "../../../etc/passwd", b"root:x:0:0::/root:/bin/bash\n" * 0 + b"MZ\x90\x00" * 50
                )
            ),
            400,
            msg(FILE_TYPE, name="passwd"),
        ),
        Case(
            "retired platform",
            lambda client: _retired_platform(client),
            400,
            msg("Select a valid choice. That choice is not one of the available choices."),
        ),
        Case(
            "expired CSRF token", lambda client: _expired_csrf(), 403, msg("Your page had expired")
        ),
    ]


def _oversized_file(client: Client):
    settings.INTAKE_MAX_IMAGE_MB = 1
    big = png_bytes() + b"\x00" * (1024 * 1024 + 10)
    return client.post(URL, form_data(evidence=upload("big.png", big, "image/png")))


def _retired_platform(client: Client):
    Platform.objects.filter(slug="instagram").update(is_active=False)
    return client.post(URL, form_data())


def _expired_csrf():
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    client.cookies["csrftoken"] = "expired" * 5
    # As a browser sends the site's own form under Referrer-Policy: no-referrer.
    return client.post(
        URL,
        form_data(description="my words survive", csrfmiddlewaretoken="x" * 64),
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_hostile_input(case, media, settings):
    response = case.send(Client())
    assert response.status_code == case.status
    html = response.content.decode()
    msgid, params = case.message
    assert escape(arabic(msgid, **params)) in html, html[:3000]
    assert '<html lang="ar" dir="rtl">' in html
    assert Report.objects.count() == 0
    assert ReportFile.objects.count() == 0
    assert stored_files(media) == []


def test_there_are_at_least_thirty_cases():
    assert len(cases()) >= 30


def test_bidi_controls_are_removed_for_the_second_try(media):
    response = Client().post(URL, form_data(description="safe \u202etxt.exe"))
    assert "safe txt.exe</textarea>" in response.content.decode()


def test_expired_csrf_keeps_the_words(media):
    response = _expired_csrf()
    assert "my words survive</textarea>" in response.content.decode()


def test_double_submit_saves_once(media):
    client = Client()
    first = client.post(URL, form_data())
    second = client.post(URL, form_data())
    assert first.status_code == second.status_code == 200
    assert Report.objects.count() == 1
    code = first.content.decode().split("<strong>")[1].split("</strong>")[0]
    assert code in second.content.decode()
    assert (
        arabic("You had already sent this report; it was saved once. This is its receipt code.")
        in second.content.decode()
    )


def test_edited_resubmission_is_a_new_report(media):
    client = Client()
    client.post(URL, form_data())
    client.post(URL, form_data(description="corrected text"))
    assert Report.objects.count() == 2


class TestFollowUpCodes:
    def test_wrong_code_gets_one_generic_message(self, media):
        message = arabic("This code does not open a report. Check the 16 digits and try again.")
        for code in ("1234 5678 9012 3456", "abc", "", "١٢٣٤"):
            response = Client().post("/ar/report/follow-up/", {"code": code})
            assert response.status_code == 400
            assert message in response.content.decode()

    def test_brute_force_is_rate_limited(self, media, settings):
        settings.INTAKE_FOLLOWUP_ATTEMPTS = 5
        client = Client()
        statuses = [
            client.post("/ar/report/follow-up/", {"code": f"{i:016d}"}).status_code
            for i in range(7)
        ]
        assert statuses == [400] * 5 + [429, 429]
        assert (
            arabic("Too many wrong codes were tried. Please wait 15 minutes and try again.")
            in client.post("/ar/report/follow-up/", {"code": "1"}).content.decode()
        )

    def test_case_page_needs_the_code(self):
        response = Client().get("/ar/report/follow-up/case/")
        assert response.status_code == 302
        assert response["Location"] == "/ar/report/follow-up/"


class TestPartnerApi:
    @pytest.fixture
    def token(self):
        from conftest import make_user
        from marsad.accounts.choices import Role
        from marsad.intake.services import partner_token_create

        return partner_token_create(user=make_user(Role.PARTNER), name="Helpline")[1]

    def call(self, token, body, key="key-1", **headers):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "ar"}
        if key is not None:
            extra["HTTP_IDEMPOTENCY_KEY"] = key
        extra.update(headers)
        payload = body if isinstance(body, bytes | str) else json.dumps(body)
        return Client().post("/api/v1/reports", payload, content_type="application/json", **extra)

    def test_replay_with_the_same_key_returns_the_same_report(self, token, media):
        body = {"description": "حساب الصحفي أوقف", "platform": "facebook", "language": "ar"}
        first, second = self.call(token, body), self.call(token, body)
        assert (first.status_code, second.status_code) == (201, 201)
        assert first.json()["id"] == second.json()["id"]
        assert first.json()["receipt_code"] == second.json()["receipt_code"]
        assert (first.json()["replayed"], second.json()["replayed"]) == (False, True)
        assert Report.objects.count() == 1
        assert "حساب الصحفي" in Report.objects.get().description
        assert "\\u" not in first.content.decode()

    def test_same_key_other_body_is_a_conflict(self, token, media):
        self.call(token, {"description": "one"})
        response = self.call(token, {"description": "two"})
        assert response.status_code == 409
        assert response.json()["code"] == "intake.idempotency_conflict"
        assert Report.objects.count() == 1

    @pytest.mark.parametrize(
        ("body", "key", "status", "code"),
        [
            ({"description": "x"}, None, 400, "intake.idempotency_key_required"),
            ({"description": "x"}, "bad key with spaces", 400, "intake.idempotency_key_required"),
            ({"description": "x", "platform": "myspace"}, "k", 400, "intake.invalid"),
            ({"description": "x\u202e"}, "k", 400, "intake.invalid"),
            ({"description": "x", "links": ["javascript:alert(1)"]}, "k", 400, "invalid"),
            ({"description": "x", "links": ["https://exa mple"]}, "k", 400, "invalid"),
            ({"description": "x", "links": ["https://localhost/a"]}, "k", 400, "intake.invalid"),
            ({"description": "x" * 20_001}, "k", 400, "invalid"),
            ({"nothing": True}, "k", 400, "invalid"),
            (b"{not json", "k", 400, "invalid"),
            ({"description": "x", "links": ["https://x.com/a"] * 21}, "k", 400, "invalid"),
        ],
    )
    def test_bad_requests_have_coded_errors(self, token, media, body, key, status, code):
        response = self.call(token, body, key=key)
        assert response.status_code == status
        assert response.json()["code"] == code
        assert Report.objects.count() == 0

    def test_validation_messages_follow_accept_language(self, token, media):
        response = self.call(token, {"description": "x", "platform": "myspace"}, key="k")
        assert response.json()["errors"]["platform"] == [
            arabic("Select a valid choice. That choice is not one of the available choices.")
        ]

    @pytest.mark.parametrize("auth", ["", "Bearer nope", "Basic abc", "Bearer " + "x" * 500])
    def test_bad_tokens_are_refused(self, media, auth):
        response = Client().post(
            "/api/v1/reports",
            json.dumps({"description": "x"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
            HTTP_IDEMPOTENCY_KEY="k",
        )
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"

    def test_revoked_token_is_refused(self, token, media):
        from marsad.intake.models import PartnerToken

        PartnerToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
        assert self.call(token, {"description": "x"}).status_code == 401

    def test_rate_limit(self, token, media, settings):
        settings.INTAKE_API_LIMIT_PER_HOUR = 2
        codes = [
            self.call(token, {"description": f"r{i}"}, key=f"k{i}").status_code for i in range(3)
        ]
        assert codes == [201, 201, 429]


class TestPartnerSeesOnlyItsOwn:
    def test_list_and_detail(self, media):
        from conftest import make_user
        from marsad.accounts.choices import Role
        from marsad.intake.services import partner_token_create

        tokens = {}
        for name in ("alpha", "beta"):
            user = make_user(Role.PARTNER, f"partner-{name}")
            tokens[name] = partner_token_create(user=user, name=name)[1]

        def call(name, method, path, body=None, key="k"):
            headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[name]}"}
            if method == "post":
                return Client().post(
                    path,
                    json.dumps(body),
                    content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY=key,
                    **headers,
                )
            return Client().get(path, **headers)

        mine = call("alpha", "post", "/api/v1/reports", {"description": "alpha's"}).json()["id"]
        theirs = call("beta", "post", "/api/v1/reports", {"description": "beta's"}).json()["id"]
        listing = call("alpha", "get", "/api/v1/reports").json()
        assert listing["count"] == 1
        assert [item["id"] for item in listing["items"]] == [mine]
        assert listing["items"][0]["status"] == "received"
        assert call("alpha", "get", f"/api/v1/reports/{mine}").status_code == 200
        other = call("alpha", "get", f"/api/v1/reports/{theirs}")
        assert other.status_code == 404
        assert other.json()["code"] == "intake.not_found"
