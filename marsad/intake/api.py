"""Partner intake API: ``POST /api/v1/reports`` with a partner token and an Idempotency-Key.

Partner organisations submit reports for the people they help. The body is validated by the
same ReportForm as the public form; errors carry codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Header, Path, Query, Router, Schema, Status
from ninja.security import HttpBearer

from marsad.accounts.choices import Role
from marsad.core.errors import DomainError
from marsad.core.ratelimit import hit
from marsad.intake import services
from marsad.intake.choices import Channel, Trust
from marsad.intake.errors import TooManyRequests
from marsad.intake.forms import ReportForm
from marsad.intake.models import PartnerToken
from marsad.intake.receipts import format_code
from marsad.intake.selectors import partner_reports, report_public_status

_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class PartnerAuth(HttpBearer):
    """Bearer token of an active partner account; only the token's SHA-256 is stored."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = (
            PartnerToken.objects.select_related("user")
            .filter(
                token_hash=digest,
                revoked_at__isnull=True,
                user__is_active=True,
                user__role=Role.PARTNER,
            )
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
            PartnerToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.partner_token = found  # type: ignore[attr-defined]
        return found.user


class ContactIn(Schema):
    method: Literal["", "email", "phone", "signal"] = ""
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    signal: str = Field("", max_length=60)
    preferred_language: Literal["", "ar", "en", "he"] = ""


class ReportIn(Schema):
    description: str = Field(
        ...,
        min_length=1,
        max_length=20_000,
        pattern=r"\S",
        description="What happened, any language.",
    )
    language: Literal["ar", "en", "he", "other"] = "ar"
    violation_type: str | None = Field(None, max_length=60, description="Taxonomy slug.")
    platform: str | None = Field(None, max_length=60, description="Taxonomy slug.")
    links: list[Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")]] = Field(
        default_factory=list, max_length=20
    )
    account_handle: str = Field("", max_length=300)
    occurred_on: dt.date | None = None
    occurred_on_approximate: bool = False
    target: Literal["", "self", "other"] = ""
    victim_type: str | None = Field(None, max_length=60)
    victim_name: str = Field("", max_length=200)
    region: str | None = Field(None, max_length=60)
    perpetrator_type: str | None = Field(None, max_length=60)
    perpetrator_details: str = Field("", max_length=2000)
    platform_notified: Literal["", "yes", "no", "unsure"] = ""
    platform_rule: str = Field("", max_length=500)
    appealed: Literal["", "yes", "no", "unsure"] = ""
    appeal_result: Literal["", "pending", "restored", "refused", "no_answer"] = ""
    consent_contact: bool = False
    consent_share_with_platform: bool = False
    consent_publish: bool = False
    contact: ContactIn | None = None
    send_receipt_by_email: bool = False


class ReportCreated(Schema):
    id: int
    receipt_code: str = Field(..., description="16 digits in groups of four; shown once.")
    status: str
    replayed: bool = Field(..., description="True when this Idempotency-Key was seen before.")


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | None = None


class InvalidReport(DomainError):
    code = "intake.invalid"
    http_status = 400

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("The report is not valid.")
        self.errors = errors


class IdempotencyKeyMissing(DomainError):
    code = "intake.idempotency_key_required"
    message = "Send an Idempotency-Key header (1 to 200 visible ASCII characters)."
    http_status = 400


router = Router(tags=["reports"])


def canonical_fingerprint(body: bytes) -> str:
    """The SHA-256 of the body's JSON written one canonical way (keys sorted, no spaces, no
    escapes), so that a client re-serialising the same JSON for a retry (key order,
    indentation, escaped characters) replays its report instead of meeting a conflict.
    Only called on a body the schema already parsed as JSON."""
    canonical = json.dumps(
        json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _form_data(payload: ReportIn) -> dict[str, Any]:
    contact = payload.contact or ContactIn(
        method="", email="", phone="", signal="", preferred_language=""
    )
    return {
        "description": payload.description,
        "violation_type": payload.violation_type or "",
        "platform": payload.platform or "",
        "links": "\n".join(payload.links),
        "account_handle": payload.account_handle,
        "occurred_on": payload.occurred_on.isoformat() if payload.occurred_on else "",
        "occurred_on_approximate": payload.occurred_on_approximate,
        "target": payload.target,
        "victim_type": payload.victim_type or "",
        "victim_name": payload.victim_name,
        "region": payload.region or "",
        "perpetrator_type": payload.perpetrator_type or "",
        "perpetrator_details": payload.perpetrator_details,
        "platform_notified": payload.platform_notified,
        "platform_rule": payload.platform_rule,
        "appealed": payload.appealed,
        "appeal_result": payload.appeal_result,
        "contact_method": contact.method,
        "contact_email": contact.email,
        "contact_phone": contact.phone,
        "contact_signal": contact.signal,
        "contact_language": contact.preferred_language,
        "consent_contact": payload.consent_contact,
        "consent_share_with_platform": payload.consent_share_with_platform,
        "consent_publish": payload.consent_publish,
        "send_receipt_by_email": payload.send_receipt_by_email,
    }


@router.post(
    "/reports",
    auth=PartnerAuth(),
    response={201: ReportCreated, 400: Error, 401: Error, 409: Error, 413: Error, 429: Error},
    summary="Submit a report for a person the partner helps",
    description=(
        "Send an `Idempotency-Key` header: a retried request with the same key and body "
        "returns the same report (with `replayed: true`) instead of making a second one; the "
        "same key with a different body is refused with 409. Bodies are compared as JSON "
        "values: key order, spacing and escapes do not matter. A body larger than the "
        "server's limit (2.5 MB by default) is refused with 413 (`request_too_large`). "
        "Files are not accepted here yet."
    ),
)
def create_report(
    request: HttpRequest,
    payload: ReportIn,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Your unique id for this report (1 to 200 visible ASCII characters).",
    ),
) -> Status[dict[str, Any]]:
    key = idempotency_key
    if not _IDEMPOTENCY_KEY.match(key):
        raise IdempotencyKeyMissing()
    user = request.auth  # type: ignore[attr-defined]
    token: PartnerToken = request.partner_token  # type: ignore[attr-defined]
    if hit("api", token.token_hash, window_seconds=3600) > settings.INTAKE_API_LIMIT_PER_HOUR:
        raise TooManyRequests()
    form = ReportForm(data=_form_data(payload), language=payload.language)
    if not form.is_valid():
        raise InvalidReport(
            {
                field: [str(e["message"]) for e in errors]
                for field, errors in form.errors.get_json_data().items()
            }
        )
    submitted = services.report_submit(
        data=form.report_data(),
        files=[],
        channel=Channel.PARTNER_API,
        trust=Trust.NORMAL,
        submission_material=f"api:{user.pk}:{key}",
        fingerprint=canonical_fingerprint(request.body),
        partner=user,
    )
    return Status(
        201,
        {
            "id": submitted.report.pk,
            "receipt_code": format_code(submitted.receipt_code),
            "status": report_public_status(submitted.report).code,
            "replayed": not submitted.created,
        },
    )


class ReportSummary(Schema):
    id: int
    submitted_at: dt.datetime
    status: str = Field(..., description="The reporter-facing status code.")
    violation_type: str | None
    platform: str | None


class ReportPage(Schema):
    count: int
    items: list[ReportSummary]


def _summary(report: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "submitted_at": report.submitted_at,
        "status": report_public_status(report).code,
        "violation_type": report.violation_type.slug if report.violation_type else None,
        "platform": report.platform.slug if report.platform else None,
    }


@router.get(
    "/reports",
    auth=PartnerAuth(),
    response={200: ReportPage, 401: Error},
    summary="The reports this partner submitted, newest first",
)
def list_reports(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict[str, Any]:
    reports = partner_reports(partner=request.auth)  # type: ignore[attr-defined]
    return {
        "count": reports.count(),
        "items": [_summary(r) for r in reports[offset : offset + limit]],
    }


@router.get(
    "/reports/{report_id}",
    auth=PartnerAuth(),
    response={200: ReportSummary, 401: Error, 404: Error},
    summary="One report this partner submitted",
)
def get_report(request: HttpRequest, report_id: int = Path(..., ge=1, le=2**62)) -> Any:
    report = partner_reports(partner=request.auth).filter(pk=report_id).first()  # type: ignore[attr-defined]
    if report is None:
        return Status(404, {"code": "intake.not_found", "message": "No such report of yours."})
    return _summary(report)
