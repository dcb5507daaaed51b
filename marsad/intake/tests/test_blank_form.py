"""The blank report form's fields are drawn once and served from the cache until a term
changes: a surge of reporters opening the form costs one rendering, not one each."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marsad.taxonomy.models import Platform
from marsad.taxonomy.services import terms_set_active

pytestmark = pytest.mark.django_db
FIELDS = re.compile(r'<div class="field required.*</details>', re.S)
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_id)" value="([^"]+)"')


def fields_and_secrets(response) -> tuple[str, dict[str, str]]:
    html = response.content.decode()
    found = FIELDS.search(html)
    assert found, "the form's fields are missing"
    return found.group(0), dict(HIDDEN.findall(html))


def test_second_reporter_gets_the_same_fields_without_the_vocabulary_queries(anonymous):
    with CaptureQueriesContext(connection) as first:
        fields_1, secrets_1 = fields_and_secrets(anonymous.get("/en/report/"))
    with CaptureQueriesContext(connection) as second:
        fields_2, secrets_2 = fields_and_secrets(anonymous.get("/en/report/"))
    assert fields_1 == fields_2
    # Only the parts of the request are new: the submission id (and the proof-of-work
    # challenge) differ for every reporter.
    assert secrets_1["submission_id"] != secrets_2["submission_id"]
    assert "csrfmiddlewaretoken" in secrets_2
    vocabulary = [q for q in first.captured_queries if "taxonomy_" in q["sql"]]
    assert len(vocabulary) >= 6  # every vocabulary's choices and translations
    assert not [q for q in second.captured_queries if "taxonomy_" in q["sql"]]
    assert 'value="facebook"' in fields_2


def test_each_language_has_its_own_fields(anonymous):
    en, _ = fields_and_secrets(anonymous.get("/en/report/"))
    ar, _ = fields_and_secrets(anonymous.get("/ar/report/"))
    he, _ = fields_and_secrets(anonymous.get("/he/report/"))
    assert "What is this?" in en
    assert "What is this?" not in ar
    assert "What is this?" not in he
    assert len({en, ar, he}) == 3


def test_a_renamed_term_shows_on_the_next_blank_form(anonymous, django_capture_on_commit_callbacks):
    fields_and_secrets(anonymous.get("/en/report/"))  # cached
    platform = Platform.objects.get(slug="facebook")
    with django_capture_on_commit_callbacks(execute=True):
        platform.set_current_language("en")
        platform.name = "Facebook (Meta) renamed"
        platform.save()
    fields, _ = fields_and_secrets(anonymous.get("/en/report/"))
    assert "Facebook (Meta) renamed" in fields


def test_a_retired_term_leaves_the_next_blank_form(anonymous, django_capture_on_commit_callbacks):
    before, _ = fields_and_secrets(anonymous.get("/en/report/"))
    assert 'value="tiktok"' in before
    with django_capture_on_commit_callbacks(execute=True):
        terms_set_active(terms=Platform.objects.filter(slug="tiktok"), active=False)
    after, _ = fields_and_secrets(anonymous.get("/en/report/"))
    assert 'value="tiktok"' not in after
    assert 'value="facebook"' in after


def test_a_form_sent_back_keeps_what_was_typed_not_the_blank_fields(anonymous):
    fields_and_secrets(anonymous.get("/en/report/"))  # the blank fields are cached
    response = anonymous.post(
        "/en/report/",
        {"submission_id": "x" * 40, "description": "", "victim_name": "Typed name 42"},
    )
    assert response.status_code == 400
    fields = response.content.decode()
    assert "Typed name 42" in fields
    assert "Please check the form" in fields
