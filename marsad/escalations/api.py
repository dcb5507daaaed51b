"""Staff API for the escalation ledger: list and read escalations, send one, record answers and
outcomes. A staff API token (``Authorization: Bearer mst_...``) acts for its staff member:
reading needs the role's ``view_escalation``; writing needs a write token and the role's
``add_escalation`` / ``change_escalation`` (docs/security.md, "Staff API tokens").

Bodies are checked by the same forms as the staff pages, and the same services do the work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from marsad.accounts.access import StaffTokenAuth, token_require
from marsad.cases.models import Violation
from marsad.core.errors import DomainError
from marsad.escalations import forms, selectors, services
from marsad.escalations.errors import NotFound
from marsad.escalations.filters import EscalationFilter
from marsad.escalations.models import Escalation

ChannelCode = Literal[
    "trusted_partner_form", "partner_email", "partner_portal", "legal_request", "other"
]
RequestCode = Literal[
    "restore_content",
    "restore_account",
    "remove_content",
    "secure_account",
    "stop_harassment",
    "other",
]
OutcomeCode = Literal[
    "restored",
    "partially_restored",
    "account_secured",
    "content_removed",
    "refused",
    "no_answer",
    "withdrawn",
]
PlatformOutcomeCode = Literal[
    "", "restored", "partially_restored", "account_secured", "content_removed", "refused"
]
Id = Path(..., ge=1, le=2**62)


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | None = None


class EscalationOut(Schema):
    id: int
    violation: int
    platform: str = Field(..., description="Taxonomy slug.")
    channel: ChannelCode
    request: RequestCode
    follow_up_of: int | None = Field(..., description="The case's first attempt, if a follow-up.")
    batch: int | None
    sent_at: dt.datetime
    sent_by: str
    reference: str
    message: str
    answered_on: dt.date | None
    answer: str
    reason_given: str
    appealed_on: dt.date | None
    appeal_outcome: str
    outcome: Literal["", OutcomeCode] = Field(..., description="Empty while open.")
    closed_on: dt.date | None


class EscalationPage(Schema):
    count: int
    items: list[EscalationOut]


class EscalationIn(Schema):
    violation: int = Field(..., ge=1, le=2**62)
    channel: ChannelCode
    request: RequestCode
    sent_on: dt.date | None = Field(None, description="Default: today.")
    reference: str = Field("", max_length=200)
    message: str = Field("", max_length=5000)


class AnswerIn(Schema):
    answered_on: dt.date
    answer: str = Field("", max_length=10_000)
    reason_given: str = Field("", max_length=500)
    reference: str = Field("", max_length=200)
    outcome: PlatformOutcomeCode = Field("", description="Empty while the platform looks.")


class OutcomeIn(Schema):
    outcome: OutcomeCode
    closed_on: dt.date | None = Field(None, description="Default: today.")
    note: str = Field("", max_length=2000, description="Needed to withdraw.")


class InvalidRequest(DomainError):
    code = "escalations.invalid"
    http_status = 400

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("The request is not valid.")
        self.errors = errors


def _checked(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise InvalidRequest(
            {
                name: [str(e["message"]) for e in errors]
                for name, errors in form.errors.get_json_data().items()
            }
        )
    return dict(form.cleaned_data)


def _data(payload: Schema) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in payload.model_dump().items()}


def _out(e: Escalation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "violation": e.violation_id,
        "platform": e.platform.slug,
        "channel": e.channel,
        "request": e.request,
        "follow_up_of": e.follow_up_of_id,
        "batch": e.batch_id,
        "sent_at": e.sent_at,
        "sent_by": e.sent_by.get_username(),
        "reference": e.reference,
        "message": e.message,
        "answered_on": e.answered_on,
        "answer": e.answer,
        "reason_given": e.reason_given,
        "appealed_on": e.appealed_on,
        "appeal_outcome": e.appeal_outcome,
        "outcome": e.outcome,
        "closed_on": e.closed_on,
    }


def _get(pk: int) -> Escalation:
    found = Escalation.objects.select_related("platform", "sent_by").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


router = Router(tags=["escalations"])
READ = {200: EscalationOut, 401: Error, 403: Error, 404: Error}
WRITE = {200: EscalationOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


@router.get(
    "/escalations",
    auth=StaffTokenAuth(),
    response={200: EscalationPage, 400: Error, 401: Error, 403: Error},
    summary="The escalation ledger: every attempt, newest first",
)
def list_escalations(
    request: HttpRequest,
    state: Literal["", "awaiting", "overdue", "answered", "closed"] = "",
    platform: str = Query("", max_length=60, description="Taxonomy slug."),
    channel: Literal["", ChannelCode] = "",
    outcome: Literal["", OutcomeCode] = "",
    violation: int | None = Query(None, ge=1, le=2**62),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict[str, Any]:
    token_require(request, "escalations.view_escalation")
    filters = EscalationFilter(
        {
            "state": state,
            "platform": platform,
            "channel": channel,
            "outcome": outcome,
            "violation": violation or "",
        }
    )
    _checked(filters)
    rows = selectors.escalation_list(filters=filters)
    return {"count": rows.count(), "items": [_out(e) for e in rows[offset : offset + limit]]}


@router.get(
    "/escalations/{escalation_id}",
    auth=StaffTokenAuth(),
    response=READ,
    summary="One escalation attempt",
)
def get_escalation(request: HttpRequest, escalation_id: int = Id) -> dict[str, Any]:
    token_require(request, "escalations.view_escalation")
    return _out(_get(escalation_id))


@router.post(
    "/escalations",
    auth=StaffTokenAuth(),
    response={201: EscalationOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error},
    summary="Record that a violation was sent to its platform",
    description=(
        "The first time for that violation and platform it is the first attempt; after that, "
        "a follow-up linked to the first. The violation must be documented, classified with "
        "its platform and have a reporter who agreed to sharing with the platform."
    ),
)
def create_escalation(request: HttpRequest, payload: EscalationIn) -> Status[dict[str, Any]]:
    user = token_require(request, "escalations.add_escalation", write=True)
    data = _checked(forms.SendForm(_data(payload)))
    violation = Violation.objects.filter(pk=data["violation"]).first()
    if violation is None:
        raise NotFound("There is no such violation.")
    escalation = services.escalation_send(
        violation=violation,
        channel=data["channel"],
        request=data["request"],
        actor=user,
        sent_at=forms.sent_at_from(data["sent_on"]),
        reference=data["reference"],
        message=data["message"],
    )
    return Status(201, _out(_get(escalation.pk)))


@router.post(
    "/escalations/{escalation_id}/answer",
    auth=StaffTokenAuth(),
    response=WRITE,
    summary="Record the platform's answer (and the outcome, when it settles the case)",
)
def record_answer(
    request: HttpRequest, payload: AnswerIn, escalation_id: int = Id
) -> dict[str, Any]:
    user = token_require(request, "escalations.change_escalation", write=True)
    escalation = _get(escalation_id)
    data = _checked(forms.AnswerForm(_data(payload)))
    services.escalation_record_answer(
        escalation=escalation,
        actor=user,
        answered_on=data["answered_on"],
        answer=data["answer"],
        reason_given=data["reason_given"],
        reference=data["reference"],
        outcome=data["outcome"],
    )
    return _out(_get(escalation_id))


@router.post(
    "/escalations/{escalation_id}/outcome",
    auth=StaffTokenAuth(),
    response=WRITE,
    summary="Record or change the outcome without a new answer",
)
def record_outcome(
    request: HttpRequest, payload: OutcomeIn, escalation_id: int = Id
) -> dict[str, Any]:
    user = token_require(request, "escalations.change_escalation", write=True)
    escalation = _get(escalation_id)
    data = _checked(forms.CloseForm(_data(payload)))
    services.escalation_close(
        escalation=escalation,
        actor=user,
        outcome=data["outcome"],
        closed_on=data["closed_on"],
        note=data["note"],
    )
    return _out(_get(escalation_id))
