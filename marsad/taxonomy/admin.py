"""Admins edit the vocabularies here. Terms are retired, not deleted, once in use."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from parler.admin import TranslatableAdmin

from marsad.taxonomy import models, services


class TermAdmin(TranslatableAdmin):
    list_display = ["__str__", "slug", "is_active", "sort_order"]
    list_filter = ["is_active"]
    search_fields = ["slug", "translations__name"]
    actions = ["retire", "restore"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Terms are retired so that old records keep their meaning; see services.term_retire.
        return False

    @admin.action(description=_("Retire the selected terms"))
    def retire(self, request: HttpRequest, queryset: QuerySet[models.Term]) -> None:
        n = services.terms_set_active(terms=queryset, active=False)
        self.message_user(
            request, ngettext("%d term retired.", "%d terms retired.", n) % n, messages.SUCCESS
        )

    @admin.action(description=_("Restore the selected terms"))
    def restore(self, request: HttpRequest, queryset: QuerySet[models.Term]) -> None:
        n = services.terms_set_active(terms=queryset, active=True)
        self.message_user(
            request, ngettext("%d term restored.", "%d terms restored.", n) % n, messages.SUCCESS
        )


@admin.register(models.ViolationType)
class ViolationTypeAdmin(TermAdmin):
    list_display = ["__str__", "group", "slug", "is_active", "sort_order"]
    list_filter = ["is_active", "group"]


@admin.register(models.CrisisPeriod)
class CrisisPeriodAdmin(TermAdmin):
    list_display = ["__str__", "starts_on", "ends_on", "is_active"]


for _model in (
    models.Platform,
    models.ViolationTypeGroup,
    models.PerpetratorType,
    models.VictimType,
    models.Region,
    models.Tag,
):
    admin.site.register(_model, TermAdmin)
