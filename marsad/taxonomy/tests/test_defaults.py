"""The default vocabularies are seeded in three languages and can only be retired."""

import pytest
from django.contrib.admin.sites import site
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.utils import translation

from marsad.cases.models import Violation
from marsad.taxonomy import defaults
from marsad.taxonomy.models import (
    VOCABULARIES,
    CrisisPeriod,
    PerpetratorType,
    Platform,
    Region,
    VictimType,
    ViolationType,
    ViolationTypeGroup,
)
from marsad.taxonomy.services import taxonomy_load_defaults, terms_set_active

pytestmark = pytest.mark.django_db

EXPECTED = [
    (Platform, 17),
    (ViolationTypeGroup, 4),
    (ViolationType, 16),
    (PerpetratorType, 6),
    (VictimType, 8),
    (Region, 6),
    (CrisisPeriod, 2),
]


@pytest.mark.parametrize(("model", "count"), EXPECTED)
def test_defaults_are_seeded_with_three_languages(model, count):
    assert model.objects.count() == count
    for term in model.objects.prefetch_related("translations"):
        assert sorted(t.language_code for t in term.translations.all()) == ["ar", "en", "he"]
        assert all(t.name.strip() for t in term.translations.all())


def test_violation_types_have_definition_and_example_in_each_language():
    by_group = {}
    for vtype in ViolationType.objects.select_related("group").prefetch_related("translations"):
        by_group.setdefault(vtype.group.slug, []).append(vtype.slug)
        for row in vtype.translations.all():
            assert row.definition.strip(), (vtype.slug, row.language_code)
            assert row.example.strip(), (vtype.slug, row.language_code)
    assert by_group == {
        "censorship": [
            "content-removal",
            "account-suspension",
            "restriction-reduced-reach",
            "feature-ban",
        ],
        "attacks": ["hacking", "blackmail", "impersonation", "doxxing"],
        "harmful-speech": [
            "hate-speech",
            "incitement",
            "smear-campaign",
            "gender-based-harassment",
            "misleading-content",
        ],
        "state-action": ["arrest-over-expression", "surveillance", "internet-shutdown"],
    }


def test_labels_follow_the_active_language():
    facebook = Platform.objects.get(slug="facebook")
    labels = {}
    for language in ("ar", "en", "he"):
        with translation.override(language):
            labels[language] = str(Platform.objects.get(pk=facebook.pk))
    assert labels == {"ar": "فيسبوك", "en": "Facebook", "he": "פייסבוק"}


def test_ongoing_crisis_period_has_no_end():
    october = CrisisPeriod.objects.get(slug="october-2023")
    assert str(october.starts_on) == "2023-10-07"
    assert october.ends_on is None


def test_loading_defaults_again_creates_nothing_and_keeps_edits():
    facebook = Platform.objects.get(slug="facebook")
    facebook.set_current_language("en")
    facebook.name = "Facebook (Meta)"
    facebook.save()
    assert taxonomy_load_defaults() == 0
    with translation.override("en"):
        assert str(Platform.objects.get(slug="facebook")) == "Facebook (Meta)"
    assert Platform.objects.count() == len(defaults.PLATFORMS)


def test_term_in_use_cannot_be_deleted_only_retired():
    tiktok = Platform.objects.get(slug="tiktok")
    Violation.objects.create(platform=tiktok)
    with pytest.raises(ProtectedError):
        tiktok.delete()
    assert terms_set_active(terms=Platform.objects.filter(slug="tiktok"), active=False) == 1
    assert not Platform.objects.active().filter(slug="tiktok").exists()
    assert Violation.objects.get().platform == tiktok  # the old record keeps its term
    assert terms_set_active(terms=Platform.objects.filter(slug="tiktok"), active=True) == 1
    assert Platform.objects.active().filter(slug="tiktok").exists()


@pytest.mark.parametrize("model", VOCABULARIES)
def test_admin_offers_no_delete(model):
    request = RequestFactory().get("/admin/")
    assert site._registry[model].has_delete_permission(request) is False
    assert "retire" in site._registry[model].actions
