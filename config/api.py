"""The JSON API under /api/v1/: mounts each app's router and holds transport concerns only
(rendering in UTF-8, the error format). The OpenAPI document is /api/v1/openapi.json."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from marsad.core.errors import DomainError
from marsad.escalations.api import router as escalations_router
from marsad.intake.api import router as intake_router
from marsad.observatory.api import router as observatory_router


class UTF8Renderer(BaseRenderer):
    """JSON as UTF-8 text: Arabic and Hebrew stay readable, no \\u escapes."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        return json.dumps(data, ensure_ascii=False, cls=NinjaJSONEncoder)


api = NinjaAPI(
    title="Marsad API",
    version="1",
    description=(
        "Partner intake (partner tokens), the escalation ledger for staff scripts (staff "
        "tokens), and the public observatory data (read-only, no token)."
    ),
    urls_namespace="api",
    renderer=UTF8Renderer(),
    docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
    openapi_url="/openapi.json",
)
api.add_router("/", intake_router)
api.add_router("/", observatory_router)
api.add_router("/", escalations_router)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", []) if part not in {"body", "payload", "query"}
        ]
        errors.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
    if any(name.startswith("header.") for name in errors):
        # A missing or malformed Idempotency-Key (the only header the API reads).
        body = error_body(
            "intake.idempotency_key_required",
            "Send an Idempotency-Key header (1 to 200 visible ASCII characters).",
            errors=errors,
        )
    else:
        body = error_body("invalid", "The request is not valid.", errors=errors)
    return api.create_response(request, body, status=400)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        error_body(
            "unauthorized",
            "A valid API token is required (Authorization: Bearer): a partner token for "
            "/reports, a staff token for /escalations.",
        ),
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "invalid" if exc.status_code == 400 else f"http_{exc.status_code}"
    return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: Django raises when the body is read, which
    would be an HTML 400 page (a 500 with DEBUG); the API answers in its own shape."""
    return api.create_response(
        request,
        error_body(
            "request_too_large",
            _("The request body is too large (at most %(bytes)d bytes).")
            % {"bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        ),
        status=413,
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = exc.http_status
    extra = {"errors": exc.errors} if hasattr(exc, "errors") else {}
    return api.create_response(
        request, error_body(exc.code, str(exc.message), **extra), status=status
    )
