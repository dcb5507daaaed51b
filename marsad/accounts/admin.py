from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marsad.accounts.choices import STAFF_ROLES
from marsad.accounts.forms import StaffEmailMixin
from marsad.accounts.models import SignInEvent, StaffToken, User
from marsad.accounts.services import (
    STAFF_TOKEN_MAX_DAYS,
    staff_token_create,
    staff_token_revoke,
    user_email_vouch,
    user_role_apply,
)


class UserAddForm(StaffEmailMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class UserEditForm(StaffEmailMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts and their role. What a role may do follows from the role alone (roles.py):
    the admin offers no superuser switch, groups or permissions of an account's own, so an
    administrator cannot grant more than the roles define."""

    list_display = ["username", "email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        ("Marsad", {"fields": ("role", "preferred_language", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()
    form = UserEditForm
    add_form = UserAddForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        user_role_apply(user=obj)
        if not change or "email" in form.changed_data:
            user_email_vouch(user=obj)


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    """The sign-in record, for administrators to read: nobody adds, edits or deletes it."""

    list_display = ["at", "user", "method", "outcome", "user_agent_family", "client_short"]
    list_filter = ["outcome", "method"]
    search_fields = ["user__username", "user__email", "client"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    fields = readonly_fields = ("at", "user", "method", "outcome", "user_agent_family", "client")

    @admin.display(description=_("client"))
    def client_short(self, event: SignInEvent) -> str:
        return event.client[:12]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class StaffTokenForm(forms.ModelForm):
    days = forms.IntegerField(
        label=_("valid for (days)"), min_value=1, max_value=STAFF_TOKEN_MAX_DAYS, initial=90
    )

    class Meta:
        model = StaffToken
        fields = ["user", "name", "access"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(role__in=STAFF_ROLES, is_active=True)


@admin.register(StaffToken)
class StaffTokenAdmin(admin.ModelAdmin):
    """Administrators make staff API tokens for a staff member's scripts; a token is shown
    once, acts within its access and the member's role, and expires."""

    form = StaffTokenForm
    list_display = ["name", "user", "access", "prefix", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["access", "revoked_at"]
    list_select_related = ["user"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are created and revoked, never edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: StaffToken, form: Any, change: bool) -> None:
        token, raw = staff_token_create(
            user=obj.user, name=obj.name, access=obj.access, days=form.cleaned_data["days"]
        )
        obj.pk = token.pk
        messages.warning(
            request,
            _("Copy this token now; it will not be shown again: %(token)s") % {"token": raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[StaffToken]) -> None:
        for token in queryset:
            staff_token_revoke(token=token)
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)
