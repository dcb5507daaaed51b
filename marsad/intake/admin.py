"""Administrators manage partner API tokens here and read who opened reporters' contact
details; reports are read in the staff area."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.intake import services
from marsad.intake.models import ContactAccessLog, PartnerToken


class PartnerTokenForm(forms.ModelForm):
    class Meta:
        model = PartnerToken
        fields = ["user", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(role=Role.PARTNER, is_active=True)


@admin.register(PartnerToken)
class PartnerTokenAdmin(admin.ModelAdmin):
    form = PartnerTokenForm
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are created and revoked, never edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PartnerToken, form: Any, change: bool) -> None:
        token, raw = services.partner_token_create(user=obj.user, name=obj.name)
        obj.pk = token.pk
        messages.warning(
            request,
            _("Copy this token now; it will not be shown again: %(token)s") % {"token": raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[PartnerToken]) -> None:
        for token in queryset:
            services.partner_token_revoke(token=token)
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)


@admin.register(ContactAccessLog)
class ContactAccessLogAdmin(admin.ModelAdmin):
    """Who read a reporter's contact details, when and why, for administrators to read:
    nobody adds, edits or deletes a line (``intake.selectors.contact_reveal`` writes them).
    The details themselves are never shown here."""

    list_display = ["at", "user", "report_id_snapshot", "reason"]
    search_fields = ["user__username", "reason"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    fields = readonly_fields = ("at", "user", "report_id_snapshot", "reason")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
