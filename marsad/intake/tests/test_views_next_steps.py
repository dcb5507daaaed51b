"""The receipt and follow-up pages say what happens next and roughly when
(``INTAKE_FIRST_RESPONSE_DAYS``), and how to reach a person (``MARSAD_CONTACT_*``), in ar, en
and he."""

from __future__ import annotations

import pytest

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.intake import services
from marsad.intake.choices import Channel, Trust
from marsad.intake.forms import ReportForm
from marsad.intake.tests.factories import form_data

pytestmark = pytest.mark.django_db

HEADING = {"ar": "ماذا يحدث بعد ذلك", "en": "What happens next", "he": "מה קורה עכשיו"}
# The first step on the receipt, with the default of 7 days.
FIRST_STEP = {
    "ar": "سيقرأ أحد أعضاء فريقنا بلاغك، عادةً خلال 7 أيام.",
    "en": "A member of our team reads your report, usually within 7 days.",
    "he": "מישהו מהצוות שלנו יקרא את הדיווח שלך, בדרך כלל תוך 7 ימים.",
}
STAYING_SAFE = '<a href="/{language}/staying-safe/">'


def receipt(client, language: str = "en") -> str:
    response = client.post(f"/{language}/report/", form_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="code"' in html
    return html


def follow_up(client, language: str = "en", *, question: bool = False) -> str:
    form = ReportForm(form_data(), language=language)
    assert form.is_valid(), form.errors
    submitted = services.report_submit(
        data=form.report_data(),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"form:next-steps-{language}",
    )
    if question:
        services.report_ask_reporter(
            report=submitted.report, author=make_user(Role.DOCUMENTER), body="Which account?"
        )
    code = submitted.receipt_code
    assert client.post(f"/{language}/report/follow-up/", {"code": code}).status_code == 302
    response = client.get(f"/{language}/report/follow-up/case/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_the_receipt_says_what_happens_next(anonymous, media, language):
    html = receipt(anonymous, language)
    assert f'<h2 id="next-steps">{HEADING[language]}</h2>' in html
    assert f"<li>{FIRST_STEP[language]}</li>" in html
    assert html.count(STAYING_SAFE.format(language=language)) == 3  # strip, page, footer


@pytest.mark.parametrize(
    ("days", "language", "said"),
    [
        (1, "en", "usually within 1 day."),
        (10, "en", "usually within 10 days."),
        (1, "ar", "عادةً خلال يوم واحد."),
        (2, "ar", "عادةً خلال يومين."),
        (3, "ar", "عادةً خلال 3 أيام."),
        (14, "ar", "عادةً خلال 14 يومًا."),
        (1, "he", "בדרך כלל תוך יום אחד."),
        (14, "he", "בדרך כלל תוך 14 ימים."),
    ],
)
def test_how_soon_follows_the_setting_in_each_languages_plurals(
    anonymous, media, settings, days, language, said
):
    settings.INTAKE_FIRST_RESPONSE_DAYS = days
    assert said in receipt(anonymous, language)


def test_a_person_to_reach_only_when_configured(anonymous, media, settings):
    html = receipt(anonymous)
    assert "<p>Write to us on the follow-up page, with your receipt code.</p>" in html
    assert 'class="contacts"' not in html
    settings.MARSAD_CONTACT_SIGNAL = "+970 59 123 4567"
    html = receipt(anonymous)
    assert "Write to us on the follow-up page" not in html
    assert '<li>Signal: <span dir="ltr">+970 59 123 4567</span></li>' in html
    assert "mailto:" not in html
    assert "tel:" not in html


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_the_follow_up_page_says_what_happens_next(anonymous, language):
    html = follow_up(anonymous, language)
    expected = {
        "ar": "نقرأ البلاغ الجديد عادةً خلال 7 أيام من استلامه.",
        "en": "We usually read a new report within 7 days of receiving it.",
        "he": "בדרך כלל אנחנו קוראים דיווח חדש תוך 7 ימים מקבלתו.",
    }
    assert expected[language] in html
    assert html.count(STAYING_SAFE.format(language=language)) == 3


def test_after_a_question_the_next_step_is_the_reporters(anonymous):
    html = follow_up(anonymous, question=True)
    assert 'class="card status status-needs_info"' in html
    assert "We carry on as soon as we have your answer." in html
    assert "usually within" not in html
    assert "<p>Write to us with the form on this page.</p>" in html
