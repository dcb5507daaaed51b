"""A report's vocabulary fields: checked against the active terms, their choices drawn from
a query of each form's own, made only when drawn."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from marsad.intake.forms import ReportForm, TermChoiceField
from marsad.taxonomy.models import Platform
from marsad.taxonomy.selectors import active_term
from marsad.taxonomy.services import terms_set_active

pytestmark = pytest.mark.django_db


def test_making_a_form_makes_no_query_of_the_choices():
    active_term(Platform, "facebook")  # the process's active terms, read once
    with CaptureQueriesContext(connection) as queries:
        form = ReportForm(data={"platform": "facebook"})
        field = form.fields["platform"]
        assert field._queryset is None
        assert field.clean("facebook").slug == "facebook"
    assert not [q for q in queries.captured_queries if "taxonomy_platform" in q["sql"]]


def test_each_form_draws_its_own_choices_in_its_language(django_capture_on_commit_callbacks):
    with translation.override("ar"):
        first = ReportForm()
        arabic = [str(label) for _value, label in first.fields["platform"].widget.choices]
    assert "فيسبوك" in arabic
    with django_capture_on_commit_callbacks(execute=True):
        terms_set_active(terms=Platform.objects.filter(slug="facebook"), active=False)
    with translation.override("en"):
        second = ReportForm()
        english = [str(label) for _value, label in second.fields["platform"].widget.choices]
    assert "Facebook" not in english  # a query of its own, not the first form's results
    assert "Instagram" in english
    assert second.fields["platform"]._queryset is not first.fields["platform"]._queryset
    assert "I'm not sure" in english[0]


def test_a_retired_or_unknown_term_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        terms_set_active(terms=Platform.objects.filter(slug="tiktok"), active=False)
    for value in ("tiktok", "no-such-platform", "' OR 1=1 --"):
        form = ReportForm(data={"platform": value})
        assert not form.is_valid()
        assert "platform" in form.errors
    # The refused form is drawn again with its choices.
    html = str(ReportForm(data={"platform": "tiktok"})["platform"])
    assert 'value="instagram"' in html
    assert 'value="tiktok"' not in html


def test_a_copied_field_keeps_its_widget_on_its_own_choices():
    field = TermChoiceField(Platform)
    copied = copy.deepcopy(field)
    assert copied.widget.choices.field is copied
    assert copied._queryset is None
    values = [str(value) for value, _label in copied.widget.choices]
    assert "facebook" in values
    assert field._queryset is None  # the original is untouched


def test_fixed_choices_are_shared_until_a_form_assigns_its_own():
    first, second = ReportForm(), ReportForm()
    base = ReportForm.base_fields["appealed"]
    assert first.fields["appealed"] is not base
    assert first.fields["appealed"].choices is base.choices  # not copied for every form
    first.fields["appealed"].choices = [("", "—"), ("yes", "Yes")]
    assert [value for value, _label in first.fields["appealed"].widget.choices] == ["", "yes"]
    assert second.fields["appealed"].choices == base.choices
    assert len(base.choices) > 2
    assert len(ReportForm().fields["appealed"].widget.choices) == len(base.choices)
    with pytest.raises(ValidationError) as refused:
        first.fields["appealed"].clean("no")
    assert refused.value.code == "invalid_choice"
    assert ReportForm().fields["appealed"].clean("no") == "no"
