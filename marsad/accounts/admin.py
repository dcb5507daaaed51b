from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from marsad.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Marsad", {"fields": ("role", "preferred_language")}),
    )
