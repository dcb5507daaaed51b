"""``{% evidence_section violation=v %}`` / ``{% evidence_section report=r %}``: the evidence
list (and, for those allowed, upload, capture and package forms) on case pages."""

from __future__ import annotations

from typing import Any

from django import template

from marsad.evidence import access, selectors
from marsad.evidence.choices import State
from marsad.evidence.forms import CaptureForm, ReasonForm, UploadForm

register = template.Library()


@register.inclusion_tag("evidence/section.html", takes_context=True)
def evidence_section(
    context: template.Context, violation: Any = None, report: Any = None
) -> dict[str, Any]:
    user = context["request"].user
    if not user.has_perm(access.VIEW):
        return {"visible": False}
    items = (
        selectors.evidence_for_violation(violation)
        if violation is not None
        else selectors.evidence_for_report(report)
    )
    return {
        "visible": True,
        "violation": violation,
        "report": report,
        "items": list(items),
        "can_add": user.has_perm(access.ADD),
        "can_export": user.has_perm(access.EXPORT) and violation is not None,
        "upload_form": UploadForm(auto_id="ev_%s"),
        "capture_form": CaptureForm(auto_id="ev_%s"),
        "package_form": ReasonForm(auto_id="pkg_%s"),
        "in_progress": (State.PENDING, State.CAPTURING, State.RETRY),
        "csrf_token": context.get("csrf_token"),
    }
