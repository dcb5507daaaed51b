"""Administrators edit the activities' vocabularies (topics, advocacy targets) here, like the
taxonomy's: retired, never deleted. The records themselves are kept in the staff area."""

from django.contrib import admin

from marsad.activities.models import AdvocacyTarget, Topic
from marsad.taxonomy.admin import TermAdmin


@admin.register(AdvocacyTarget)
class AdvocacyTargetAdmin(TermAdmin):
    list_display = ["__str__", "kind", "slug", "is_active", "sort_order"]
    list_filter = ["is_active", "kind"]


admin.site.register(Topic, TermAdmin)
