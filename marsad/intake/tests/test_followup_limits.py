"""Receipt-code guessing is limited without locking out a mobile network (issue 23, finding 18).

Only wrong codes count, in three counters: per browser session (tight), per client network
(generous: a mobile operator puts thousands of people behind one address) and per code prefix
(whatever the address, for someone who knows part of one code).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from marsad.intake.choices import Channel, MessageDirection, Trust
from marsad.intake.models import ReporterMessage, ReportFile
from marsad.intake.receipts import format_code
from marsad.intake.services import ReportData, report_submit
from marsad.intake.tests.factories import form_data, png_upload, solve_page_challenge

pytestmark = pytest.mark.django_db
URL = "/ar/report/follow-up/"
NETWORK = "198.51.100.20"


def arabic(msgid: str) -> str:
    with translation.override("ar"):
        return gettext(msgid)


TOO_MANY = "Too many wrong codes were tried. Please wait 15 minutes and try again."


def new_codes(count: int) -> list[str]:
    return [
        format_code(
            report_submit(
                data=ReportData(description=f"report {i}", language="ar"),
                files=[],
                channel=Channel.WEB_FORM,
                trust=Trust.NORMAL,
                submission_material=f"test:{i}",
            ).receipt_code
        )
        for i in range(count)
    ]


def wrong(i: int) -> str:
    """A wrong code with a prefix of its own (the prefix limit is tested on its own)."""
    return f"{i + 1:08d}" * 2


@pytest.fixture
def limits(settings):
    settings.INTAKE_FOLLOWUP_ATTEMPTS = 3  # per browser session
    settings.INTAKE_FOLLOWUP_NETWORK_FAILURES = 6  # per client network
    settings.INTAKE_FOLLOWUP_PREFIX_FAILURES = 4  # per code prefix (first 8 digits)
    return settings


def test_many_correct_codes_from_one_address_all_open(limits):
    codes = new_codes(25)
    for code in codes:
        client = Client()
        response = client.post(URL, {"code": code}, REMOTE_ADDR=NETWORK)
        assert response.status_code == 302, response.content.decode()[:500]
        assert response["Location"] == "/ar/report/follow-up/case/"
        assert client.get("/ar/report/follow-up/case/").status_code == 200


def test_a_browser_session_gets_a_few_wrong_codes(limits):
    (code,) = new_codes(1)
    client = Client()
    statuses = [
        client.post(URL, {"code": wrong(i)}, REMOTE_ADDR=NETWORK).status_code for i in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]
    refused = client.post(URL, {"code": code}, REMOTE_ADDR=NETWORK)
    assert refused.status_code == 429  # even the right code waits: no answer past the limit
    assert arabic(TOO_MANY) in refused.content.decode()
    # Someone else on the same network is not held up by this session.
    assert Client().post(URL, {"code": code}, REMOTE_ADDR=NETWORK).status_code == 302


def test_a_correct_code_does_not_reset_the_sessions_wrong_codes(limits):
    (own,) = new_codes(1)
    client = Client()
    for i in range(2):
        assert client.post(URL, {"code": wrong(i)}).status_code == 400
    assert client.post(URL, {"code": own}).status_code == 302
    client.post("/ar/report/follow-up/leave/")
    assert client.post(URL, {"code": wrong(2)}).status_code == 400
    assert client.post(URL, {"code": wrong(3)}).status_code == 429


def test_a_network_dropping_its_cookies_is_stopped_by_the_network_limit(limits):
    (code,) = new_codes(1)
    statuses = [
        Client().post(URL, {"code": wrong(i)}, REMOTE_ADDR=NETWORK).status_code for i in range(8)
    ]
    assert statuses == [400] * 6 + [429, 429]
    assert Client().post(URL, {"code": code}, REMOTE_ADDR=NETWORK).status_code == 429
    # Another network still gets in.
    assert Client().post(URL, {"code": code}, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_guesses_at_one_code_from_many_networks_are_stopped_by_the_prefix_limit(limits):
    (code,) = new_codes(1)
    digits = code.replace(" ", "")
    prefix = digits[:8]
    statuses = [
        Client()
        .post(
            URL,
            {"code": prefix + f"{(int(digits[8:]) + i + 1) % 10**8:08d}"},
            REMOTE_ADDR=f"203.0.113.{i + 1}",
        )
        .status_code
        for i in range(6)
    ]
    assert statuses == [400] * 4 + [429, 429]
    # The code itself waits too; codes with other prefixes do not.
    assert Client().post(URL, {"code": code}, REMOTE_ADDR="192.0.2.1").status_code == 429
    other = "9" * 8 + "0" * 8 if prefix != "9" * 8 else "1" * 16
    assert Client().post(URL, {"code": other}, REMOTE_ADDR="192.0.2.2").status_code == 400


def test_the_prefix_is_read_after_normalising(limits):
    """Arabic-Indic digits and spaces are the same code, so the same prefix."""
    statuses = [
        Client().post(URL, {"code": code}, REMOTE_ADDR=f"203.0.113.{i + 1}").status_code
        for i, code in enumerate(
            [
                "1234 5678 0000 0001",
                "١٢٣٤٥٦٧٨٠٠٠٠٠٠٠٢",
                "12345678 00000003",
                "1234567800000004",
                "1234 5678 0000 0005",
            ]
        )
    ]
    assert statuses == [400] * 4 + [429]


def test_new_addresses_of_one_ipv6_64_share_the_network_limit(limits):
    statuses = [
        Client()
        .post(URL, {"code": wrong(i)}, REMOTE_ADDR=f"2001:db8:85a3:1::{i + 1:x}")
        .status_code
        for i in range(8)
    ]
    assert statuses == [400] * 6 + [429, 429]
    assert (
        Client().post(URL, {"code": wrong(9)}, REMOTE_ADDR="2001:db8:85a3:2::1").status_code == 400
    )


# --- A neighbour on the same address --------------------------------------------------------
# Past the network's limit a code is still looked at when the browser brings a fresh proof of
# work, which pow.js solves in the background: someone who floods the network's counter on
# purpose (or a crowd's mistakes) cannot lock every reporter on a mobile network, or every
# visitor of the onion service, out of their follow-up page and its withdrawal.


def flood(count: int) -> None:
    """A script on the network sends wrong codes, a new cookie-less client for each."""
    for i in range(count):
        Client().post(URL, {"code": wrong(i)}, REMOTE_ADDR=NETWORK)


def test_a_neighbour_flooding_wrong_codes_does_not_lock_a_reporter_out(limits):
    (code,) = new_codes(1)
    flood(6)
    reporter = Client()
    refused = reporter.post(URL, {"code": code}, REMOTE_ADDR=NETWORK)
    assert refused.status_code == 429
    html = refused.content.decode()
    # What they typed stays in the field, and the page carries the proof of work and its script.
    assert f'value="{code}"' in html
    assert 'id="pow-challenge"' in html
    assert "/static/intake/pow.js" in html
    assert "intake_followup" not in reporter.session
    opened = reporter.post(
        URL,
        {"code": code, "altcha": solve_page_challenge(html)},
        REMOTE_ADDR=NETWORK,
    )
    assert opened.status_code == 302
    assert opened["Location"] == "/ar/report/follow-up/case/"
    assert reporter.get("/ar/report/follow-up/case/").status_code == 200
    withdraw = reporter.get("/ar/report/follow-up/withdraw/")
    assert withdraw.status_code == 200  # the way out of a report stays open too


def test_past_the_network_limit_the_page_offers_the_proof_of_work_up_front(limits):
    assert 'id="pow-challenge"' not in Client().get(URL, REMOTE_ADDR=NETWORK).content.decode()
    flood(6)
    html = Client().get(URL, REMOTE_ADDR=NETWORK).content.decode()
    assert 'id="pow-challenge"' in html
    assert "/static/intake/pow.js" in html


def test_a_proof_of_work_does_not_make_wrong_codes_free(limits):
    flood(6)
    client = Client()
    page = client.get(URL, REMOTE_ADDR=NETWORK).content.decode()
    answer = solve_page_challenge(page)
    response = client.post(URL, {"code": wrong(50), "altcha": answer}, REMOTE_ADDR=NETWORK)
    assert response.status_code == 400  # looked at, and wrong: counted as ever
    # The same answer again is no proof (each challenge counts once).
    again = Client().post(URL, {"code": wrong(51), "altcha": answer}, REMOTE_ADDR=NETWORK)
    assert again.status_code == 429
    # The browser session's own limit still holds with a proof each time.
    statuses = []
    for i in range(3):
        page = client.get(URL, REMOTE_ADDR=NETWORK).content.decode()
        statuses.append(
            client.post(
                URL,
                {"code": wrong(60 + i), "altcha": solve_page_challenge(page)},
                REMOTE_ADDR=NETWORK,
            ).status_code
        )
    assert statuses == [400, 400, 429]


# --- What a reporter adds at follow-up ------------------------------------------------------


def test_additions_at_follow_up_count_in_the_hourly_budget_of_the_network(limits, media, settings):
    """Words and files added at follow-up are writes like a report, with files as large: they
    share the network's hourly limit of reports, or one receipt code would let a script fill
    the disk with uploads, and the site with it, for every reporter. Past the limit nothing
    is saved and the words come back."""
    settings.INTAKE_HARD_LIMIT_PER_HOUR = 2
    (code,) = new_codes(1)
    client = Client()
    assert client.post(URL, {"code": code}, REMOTE_ADDR=NETWORK).status_code == 302
    case = "/ar/report/follow-up/case/"
    sent = [
        client.post(case, {"message": f"more {i}"}, REMOTE_ADDR=NETWORK).status_code
        for i in range(2)
    ]
    assert sent == [302, 302]
    refused = client.post(
        case,
        {"message": "a third message", "evidence": png_upload("third.png")},
        REMOTE_ADDR=NETWORK,
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "a third message</textarea>" in html
    assert "third.png" in html
    messages = ReporterMessage.objects.filter(direction=MessageDirection.FROM_REPORTER)
    assert sorted(messages.values_list("body", flat=True)) == ["more 0", "more 1"]
    assert not ReportFile.objects.exists()
    # Reports from the network share the same budget.
    assert Client().post("/ar/report/", form_data(), REMOTE_ADDR=NETWORK).status_code == 429
