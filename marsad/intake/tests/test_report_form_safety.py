"""The report form on a reporter's device (issue 23): what it keeps of what was typed when it
refuses too many files, and how it reads on a phone."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from marsad.intake.models import Report
from marsad.intake.tests.conftest import stored_files
from marsad.intake.tests.factories import form_data, png_upload

pytestmark = pytest.mark.django_db


# --- Finding 16: too many files -----------------------------------------------------------


def arabic(msgid: str) -> str:
    with translation.override("ar"):
        return gettext(msgid)


def test_more_files_than_allowed_keeps_the_words(settings, media):
    settings.INTAKE_MAX_FILES = 10
    files = [png_upload(f"shot-{i:02d}.png") for i in range(12)]
    response = Client().post(
        "/ar/report/",
        form_data(description="كلماتي تبقى", evidence=files, contact_email="me@example.org"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(arabic("Please send at most %(max)d files.") % {"max": 10}) in html
    assert "كلماتي تبقى</textarea>" in html
    assert 'value="me@example.org"' in html
    assert '<html lang="ar" dir="rtl">' in html
    assert not Report.objects.exists()
    assert stored_files(media) == []


def test_more_files_than_djangos_own_backstop_still_keeps_the_words(settings, media):
    """Past DATA_UPLOAD_MAX_NUMBER_FILES (100) the upload handler stops reading first, so
    Django's refusal of the whole request never comes; the fields sent before the files stay."""
    files = [png_upload(f"shot-{i:03d}.png") for i in range(150)]
    response = Client().post("/en/report/", form_data(description="kept words", evidence=files))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please send at most 10 files." in html
    assert "kept words</textarea>" in html
    assert not Report.objects.exists()
    assert stored_files(media) == []


def test_exactly_the_allowed_number_of_files_is_accepted(settings, media):
    settings.INTAKE_MAX_FILES = 3
    files = [png_upload(f"shot-{i}.png") for i in range(3)]
    response = Client().post("/en/report/", form_data(evidence=files))
    assert response.status_code == 200
    assert Report.objects.get().files.count() == 3


def test_the_follow_up_form_refuses_too_many_files_with_its_own_message(settings, media):
    from marsad.intake.tests.test_views_report import CODE

    settings.INTAKE_MAX_FILES = 10
    client = Client()
    code = CODE.search(client.post("/ar/report/", form_data()).content.decode()).group(1)
    assert client.post("/ar/report/follow-up/", {"code": code}).status_code == 302
    response = client.post(
        "/ar/report/follow-up/case/",
        {"message": "المزيد من التفاصيل", "evidence": [png_upload(f"{i}.png") for i in range(11)]},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(arabic("Please send at most %(max)d files.") % {"max": 10}) in html
    assert "المزيد من التفاصيل</textarea>" in html
    assert Report.objects.get().messages.count() == 0


# --- Layout: the one required field first and marked; labels punctuated once ---------------


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_the_description_comes_first_and_is_marked_required(language):
    html = Client().get(f"/{language}/report/").content.decode()
    form = html.split('class="report-form"', 1)[1]
    fields = re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([a-z_]+)"', form)
    visible = [
        n for n in fields if n not in {"csrfmiddlewaretoken", "submission_id", "altcha", "website"}
    ]
    assert visible[0] == "description"
    textarea = re.search(r"<textarea[^>]*name=\"description\"[^>]*>", form).group(0)
    assert "required" in textarea
    assert 'aria-required="true"' in textarea or " required" in textarea
    with translation.override(language):
        marker = gettext("(required)")
    label = re.search(r'<label for="id_description"[^>]*>(.*?)</label>', form, re.S).group(1)
    assert escape(marker) in label


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_no_label_ends_in_a_question_mark_and_a_colon(language):
    html = Client().get(f"/{language}/report/").content.decode()
    labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    legends = re.findall(r"<(?:legend|summary)[^>]*>(.*?)</(?:legend|summary)>", html, re.S)
    assert labels
    for text in labels + legends:
        plain = re.sub(r"<[^>]+>", "", text).strip()
        assert not re.search(r"[?\u061f]\s*:", plain), plain
        assert not plain.endswith("::"), plain
