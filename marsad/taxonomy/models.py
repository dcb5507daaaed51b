"""Controlled vocabularies: platforms, violation types, perpetrator and victim types, regions,
tags and crisis periods.

Labels live in translation rows (django-parler: one ``<Model>Translation`` row per language).
Terms are referenced with ``on_delete=PROTECT``: a term in use cannot be deleted, only retired
(``is_active=False``), which hides it from forms and keeps every old record intact.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableManager, TranslatableQuerySet
from parler.models import TranslatableModel, TranslatedFields

from marsad.core.models import TimeStampedModel


class TermQuerySet(TranslatableQuerySet):
    def active(self) -> TermQuerySet:
        return self.filter(is_active=True)


class TermManager(TranslatableManager.from_queryset(TermQuerySet)):  # type: ignore[misc]
    pass


class Term(TranslatableModel, TimeStampedModel):
    """Common shape of every vocabulary term."""

    slug = models.SlugField(
        _("key"), max_length=60, unique=True, help_text=_("Stable key used in exports and the API.")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Retired terms stay on old records but are not offered for new ones."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TermManager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return str(self.safe_translation_getter("name", any_language=True) or self.slug)

    def label(self) -> str:
        """The name in the active language, falling back to another language."""
        return str(self)


class Platform(Term):
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=100))

    class Meta(Term.Meta):
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")


class ViolationTypeGroup(Term):
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=100))

    class Meta(Term.Meta):
        verbose_name = _("violation type group")
        verbose_name_plural = _("violation type groups")


class ViolationType(Term):
    group = models.ForeignKey(
        ViolationTypeGroup,
        on_delete=models.PROTECT,
        related_name="types",
        verbose_name=_("group"),
    )
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=150),
        definition=models.TextField(_("definition"), blank=True),
        example=models.TextField(_("example"), blank=True),
    )

    class Meta(Term.Meta):
        verbose_name = _("violation type")
        verbose_name_plural = _("violation types")


class PerpetratorType(Term):
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=150))

    class Meta(Term.Meta):
        verbose_name = _("perpetrator type")
        verbose_name_plural = _("perpetrator types")


class VictimType(Term):
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=150))

    class Meta(Term.Meta):
        verbose_name = _("victim type")
        verbose_name_plural = _("victim types")


class Region(Term):
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=150))

    class Meta(Term.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Tag(Term):
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=100))

    class Meta(Term.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")


class CrisisPeriod(Term):
    """A named period (a war, an escalation) that reports and statistics can be cut by."""

    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Leave empty while the period is ongoing.")
    )
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=150),
        description=models.TextField(_("description"), blank=True),
    )

    class Meta(Term.Meta):
        ordering = ["-starts_on"]
        verbose_name = _("crisis period")
        verbose_name_plural = _("crisis periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="crisis_period_ends_after_start",
            )
        ]


VOCABULARIES: tuple[type[Term], ...] = (
    Platform,
    ViolationTypeGroup,
    ViolationType,
    PerpetratorType,
    VictimType,
    Region,
    Tag,
    CrisisPeriod,
)
