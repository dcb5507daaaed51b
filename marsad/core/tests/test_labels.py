"""Form labels are punctuated once in every language (issue 23, "Safety a reporter can see"):
Django adds ":" after a label unless it ends in punctuation of the language; an Arabic question
ends in "؟", which Django's own Arabic catalogue does not list."""

import pytest
from django import forms
from django.utils import translation


class Questions(forms.Form):
    why = forms.CharField(label="Why do you need it?")
    name = forms.CharField(label="Name")


@pytest.mark.parametrize(
    ("language", "why", "name"),
    [
        ("ar", "لماذا تحتاج إليه؟</label>", "الاسم:</label>"),
        ("en", "Why do you need it?</label>", "Name:</label>"),
        ("he", "למה אתם צריכים אותו?</label>", "שם:</label>"),
    ],
)
def test_a_question_gets_no_colon_and_a_name_gets_one(language, why, name):
    with translation.override(language):
        form = Questions()
        form.fields["why"].label = translation.gettext("Why do you need it?")
        form.fields["name"].label = translation.gettext("Name")
        assert form["why"].label_tag().endswith(why)
        assert form["name"].label_tag().endswith(name)
