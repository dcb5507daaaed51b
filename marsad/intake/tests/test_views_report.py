"""The report form as a reporter meets it, through the test client."""

import base64
import json
import re

import pytest
from altcha.v1 import solve_challenge
from django.core import mail
from django.test import Client

from marsad.intake.choices import TriageState, Trust
from marsad.intake.models import Report
from marsad.intake.pow import challenge_new
from marsad.intake.tests.conftest import stored_files
from marsad.intake.tests.factories import form_data, png_upload

pytestmark = pytest.mark.django_db
CODE = re.compile(r'<p class="code" dir="ltr" lang="en"><strong>(\d{4} \d{4} \d{4} \d{4})</strong>')


def solved_pow() -> str:
    challenge = challenge_new()
    solution = solve_challenge(
        challenge.challenge, challenge.salt, challenge.algorithm, challenge.max_number, 0
    )
    from altcha.v1 import Payload

    return Payload(
        challenge.algorithm,
        challenge.challenge,
        solution.number,
        challenge.salt,
        challenge.signature,
    ).to_base64()


@pytest.mark.parametrize(
    ("language", "direction", "title"),
    [
        ("ar", "rtl", "الإبلاغ عن انتهاك"),
        ("en", "ltr", "Report a violation"),
        ("he", "rtl", "דיווח על הפרה"),
    ],
)
def test_form_renders_in_each_language(anonymous, language, direction, title):
    response = anonymous.get(f"/{language}/report/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<h1>{title}</h1>" in html
    assert response["Cache-Control"].startswith("max-age=0")
    # Every violation type is offered with its definition at hand.
    assert html.count('name="violation_type"') == 17  # 16 types and "not sure"
    assert html.count("<details>") == 16


def test_form_page_weight_is_within_budget(anonymous):
    html = anonymous.get("/ar/report/").content
    css = b"".join(Client().get("/static/marsad/site.css").streaming_content)
    js = b"".join(
        b"".join(Client().get(f"/static/{name}").streaming_content)
        for name in ("intake/pow.js", "marsad/exit.js")
    )
    total = len(html) + len(css) + len(js)
    assert total <= 60 * 1024, f"{total / 1024:.1f} KB"


def test_submit_with_a_screenshot_gives_a_receipt(anonymous, media):
    response = anonymous.post("/en/report/", form_data(evidence=png_upload(), altcha=solved_pow()))
    assert response.status_code == 200, response.content.decode()[:2000]
    html = response.content.decode()
    code = CODE.search(html).group(1)
    report = Report.objects.get()
    assert (report.trust, report.triage_state, report.language) == (Trust.NORMAL, "new", "en")
    assert report.links == ["https://www.instagram.com/p/ABC123"]
    assert report.account_handle == "@gaza_voices"
    assert report.violation_type.slug == "content-removal"
    assert report.files.count() == 1
    assert len(stored_files(media)) == 1
    assert report.original["description"].startswith("أزال إنستغرام")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # The code opens the follow-up page.
    follow = anonymous.post("/en/report/follow-up/", {"code": code})
    assert follow.status_code == 302
    assert anonymous.get("/en/report/follow-up/case/").status_code == 200


def test_without_proof_of_work_the_report_is_kept_as_low_trust(anonymous, media):
    response = anonymous.post("/ar/report/", form_data())
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.trust, report.triage_state) == (Trust.LOW, TriageState.NEW)


def test_a_reused_proof_of_work_counts_once(anonymous, media):
    pow_payload = solved_pow()
    anonymous.post("/ar/report/", form_data(altcha=pow_payload, submission_id="a" * 43))
    anonymous.post(
        "/ar/report/", form_data(altcha=pow_payload, submission_id="b" * 43, description="another")
    )
    assert list(Report.objects.order_by("pk").values_list("trust", flat=True)) == ["normal", "low"]


@pytest.mark.parametrize(
    "reencode",
    [
        lambda d: json.dumps(d, indent=1),  # spacing
        lambda d: json.dumps(dict(reversed(list(d.items())))),  # key order
        lambda d: json.dumps({**d, "took": 1}),  # an extra key the verifier ignores
    ],
    ids=["spacing", "key-order", "extra-key"],
)
def test_a_proof_of_work_written_another_way_still_counts_once(anonymous, media, reencode):
    """The same solved challenge, its JSON written differently (a spammer's way to reuse one
    solution for every report), is the same proof of work: it counts once."""
    pow_payload = solved_pow()
    again = base64.b64encode(reencode(json.loads(base64.b64decode(pow_payload))).encode()).decode()
    assert again != pow_payload
    anonymous.post("/ar/report/", form_data(altcha=pow_payload, submission_id="a" * 43))
    anonymous.post(
        "/ar/report/", form_data(altcha=again, submission_id="b" * 43, description="another")
    )
    assert list(Report.objects.order_by("pk").values_list("trust", flat=True)) == ["normal", "low"]


@pytest.mark.parametrize(
    "solution",
    [
        {"algorithm": "SHA-256", "challenge": "a", "number": 1, "salt": 1, "signature": "x"},
        {"algorithm": "SHA-256", "challenge": "a", "number": 1, "salt": ["a"], "signature": "x"},
        {"algorithm": ["SHA-256"], "challenge": "a", "number": 1, "salt": "a", "signature": "x"},
        [1],
    ],
    ids=["salt-number", "salt-list", "algorithm-list", "not-an-object"],
)
def test_a_malformed_proof_of_work_is_no_proof(anonymous, media, solution):
    """A payload of the right encoding but the wrong shape is simply not a proof of work:
    the report is kept as low trust, never a server error."""
    payload = base64.b64encode(json.dumps(solution).encode()).decode()
    response = anonymous.post("/ar/report/", form_data(altcha=payload))
    assert response.status_code == 200
    assert Report.objects.get().trust == Trust.LOW


def test_honeypot_sends_to_the_spam_queue(anonymous, media):
    response = anonymous.post("/ar/report/", form_data(website="http://spam.example"))
    assert response.status_code == 200  # the bot learns nothing
    assert Report.objects.get().triage_state == TriageState.SPAM


def test_soft_and_hard_rate_limits(anonymous, media, settings):
    settings.INTAKE_SOFT_LIMIT_PER_HOUR = 2
    settings.INTAKE_HARD_LIMIT_PER_HOUR = 3
    statuses = [
        anonymous.post(
            "/en/report/", form_data(submission_id=f"{i}" * 43, description=f"report {i}")
        ).status_code
        for i in range(1, 5)
    ]
    assert statuses == [200, 200, 200, 429]
    assert list(Report.objects.order_by("pk").values_list("trust", flat=True)) == [
        "low",
        "low",
        "suspect",
    ]


def test_past_the_hard_limit_the_words_come_back(anonymous, media, settings):
    """Someone else on the reporter's address (a mobile network, the onion service) used up
    the hour's reports: the reporter's report is not saved, but what they typed comes back
    with the reason, instead of a page that loses it (the browser's Back gives a blank form:
    the page is not stored)."""
    settings.INTAKE_SOFT_LIMIT_PER_HOUR = 1
    settings.INTAKE_HARD_LIMIT_PER_HOUR = 1
    assert anonymous.post("/en/report/", form_data(submission_id="1" * 43)).status_code == 200
    words = "They closed my page after I posted the video of the checkpoint."
    response = anonymous.post(
        "/en/report/",
        form_data(
            submission_id="2" * 43,
            description=words,
            contact_method="email",
            contact_email="reporter@example.org",
            consent_contact="on",
            evidence=png_upload("checkpoint.png"),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 429
    assert Report.objects.count() == 1
    assert 'id="limited"' in html
    assert words in html
    assert 'value="reporter@example.org"' in html  # their own request: nothing is dropped
    assert "checkpoint.png" in html  # the files to choose again
    assert 'name="submission_id" value="' + "2" * 43 + '"' in html
    assert stored_files(media) == []  # nothing of the refused report is kept


def test_receipt_by_email(anonymous, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            "/he/report/",
            form_data(
                contact_method="email",
                contact_email="Reporter@Example.org",
                consent_contact="on",
                contact_language="he",
                send_receipt_by_email="on",
            ),
        )
    assert response.status_code == 200
    code = CODE.search(response.content.decode()).group(1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reporter@example.org"]
    assert code in mail.outbox[0].body
    assert "הדיווח שלך התקבל" in mail.outbox[0].subject


def test_one_address_gets_a_few_receipts_a_day_whoever_types_it(
    anonymous, media, settings, django_capture_on_commit_callbacks
):
    """Anyone can type someone else's address and ask for the receipt by email: Marsad must
    not become a way to flood a person's mailbox with mail from a human-rights observatory
    (or to get its mail server refused everywhere). One address gets at most three receipts a
    day, and the page says the same whether or not this one is sent (no oracle)."""
    settings.INTAKE_SOFT_LIMIT_PER_HOUR = 100
    pages = []
    addresses = ["target@example.org", "Target@Example.org", "TARGET@example.org"]
    for i, address in enumerate([*addresses, "target@example.org", "target@example.org"]):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(
                "/en/report/",
                form_data(
                    submission_id=f"{i}" * 43,
                    description=f"report {i}",
                    contact_method="email",
                    contact_email=address,
                    consent_contact="on",
                    send_receipt_by_email="on",
                ),
            )
        assert response.status_code == 200
        pages.append(CODE.sub("", response.content.decode()))
    assert Report.objects.count() == 5
    assert [m.to for m in mail.outbox] == [["target@example.org"]] * 3
    assert pages[3] == pages[0]  # the same page, sent or not
    # Another address is not held up.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/en/report/",
            form_data(
                submission_id="x" * 43,
                description="another",
                contact_method="email",
                contact_email="someone@example.org",
                consent_contact="on",
                send_receipt_by_email="on",
            ),
        )
    assert mail.outbox[-1].to == ["someone@example.org"]


def test_validation_error_keeps_what_was_typed(anonymous, media):
    response = anonymous.post(
        "/en/report/",
        form_data(
            occurred_on="2999-01-01", description="Still here", evidence=png_upload("proof.png")
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The date cannot be in the future." in html
    assert "Still here</textarea>" in html
    assert "<bdi>proof.png</bdi>" in html  # asked to choose the file again
    assert 'value="' + "s" * 43 + '"' in html  # same submission id
    assert not Report.objects.exists()
    assert stored_files(media) == []


def test_markup_is_kept_as_text_and_shown_inert(anonymous, media):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = anonymous.post(
        "/en/report/", form_data(description=hostile, perpetrator_details=hostile)
    )
    assert response.status_code == 200
    assert Report.objects.get().description == hostile
