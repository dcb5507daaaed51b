from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marsad.accounts.models import SignInEvent, User
from marsad.accounts.services import user_role_apply


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

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        user_role_apply(user=obj)


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
