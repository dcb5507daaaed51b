"""Administrators set how many days each platform has to answer; escalations themselves are
kept in the staff area, where every change goes on the violation's timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from marsad.escalations.models import PlatformPolicy


@admin.register(PlatformPolicy)
class PlatformPolicyAdmin(admin.ModelAdmin):
    list_display = ["platform", "answer_days"]
    list_select_related = ["platform"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # set the days back instead; a platform without a policy has 14
