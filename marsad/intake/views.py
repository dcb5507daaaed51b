"""The public reporting tool: the report form, the receipt, and the reporter's follow-up."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from marsad.core.crypto import keyed_hash
from marsad.core.http import same_origin
from marsad.core.i18n import active_language
from marsad.core.ratelimit import client_key, hit, peek
from marsad.core.views import csrf_failure
from marsad.escalations.selectors import reporter_outcomes
from marsad.intake import access, pow, selectors, services
from marsad.intake.choices import Channel, TriageState, Trust
from marsad.intake.errors import ReportWithdrawn
from marsad.intake.forms import (
    NOT_CARRIED_ACROSS_CSRF_FAILURE,
    FollowUpForm,
    ReceiptCodeForm,
    ReportForm,
)
from marsad.intake.receipts import format_code
from marsad.intake.uploads import MB, QuotaUploadHandler, files_sent
from marsad.intake.validators import normalise_receipt_code
from marsad.taxonomy.selectors import (
    ACTIVE_TERMS_SECONDS,
    violation_type_groups,
    vocabularies_version,
)

_SUBMISSION_ID = re.compile(r"^[A-Za-z0-9_\-]{32,64}$")


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.INTAKE_MAX_UPLOAD_MB * MB


def _with_upload_quota(
    on_csrf_failure: Callable[[HttpRequest], HttpResponse] | None = None,
) -> Callable[[Callable[[HttpRequest], HttpResponse]], Callable[[HttpRequest], HttpResponse]]:
    """Install the upload quota before the body is read, then check CSRF: uploads handlers
    can only be changed before the CSRF check reads the body."""

    def decorate(view: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest) -> HttpResponse:
            if request.method != "POST":
                return view(request)
            if _too_large(request):
                return _too_large_response(request)
            handler = QuotaUploadHandler(request)
            request.upload_handlers.insert(0, handler)
            rejected = _CSRF.process_view(request, view, (), {})
            if handler.exceeded:
                return _too_large_response(request)
            if rejected is not None:
                return on_csrf_failure(request) if on_csrf_failure else rejected
            response = view(request)
            return _too_large_response(request) if handler.exceeded else response

        return wrapper

    return decorate


_CSRF = CsrfViewMiddleware(lambda request: HttpResponse())


def _too_large_response(request: HttpRequest) -> HttpResponse:
    return _refuse(
        request,
        413,
        _("What you sent is too large. Send fewer or smaller files (at most %(mb)d MB in all).")
        % {"mb": settings.INTAKE_MAX_UPLOAD_MB},
    )


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "intake/refused.html", {"message": message}, status=status)


def _form_context(
    form: ReportForm, submission_id: str, lost_files: list[str] | None = None
) -> dict[str, object]:
    challenge = pow.challenge_new()
    return {
        "form": form,
        # Called by the template only when the fields are drawn (not for the cached blank form).
        "type_groups": violation_type_groups,
        "submission_id": submission_id,
        "challenge": challenge.to_dict(),
        "lost_files": lost_files or [],
        "max_upload_mb": settings.INTAKE_MAX_UPLOAD_MB,
        "max_files": settings.INTAKE_MAX_FILES,
    }


def _blank_fields(context: dict[str, object], language: str) -> SafeString:
    """The fields of the blank form, drawn once per language and vocabulary version.

    In a surge every reporter opens the form, and drawing its fields (every vocabulary's
    choices, each widget through its template) is most of the page's cost: about six times a
    report's own. The fields of a blank form hold nothing of the request (the CSRF token, the
    submission id and the proof-of-work challenge are outside them), so one rendering serves
    every reporter until a term changes (``vocabularies_changed``) or, where each process has
    its own cache, for at most ``ACTIVE_TERMS_SECONDS``.
    """
    email = "email" if settings.EMAIL_ENABLED else "no-email"
    key = f"intake:blank-fields:{language}:{email}:{vocabularies_version()}"
    html = cache.get(key)
    # The cache keeps the template's own safe string (pickled with its type): anything else
    # found under the key is drawn again rather than trusted.
    if not isinstance(html, SafeString):
        html = render_to_string("intake/report_fields.html", context)
        cache.set(key, html, timeout=ACTIVE_TERMS_SECONDS)
    return html


def _report_csrf_failure(request: HttpRequest) -> HttpResponse:
    """The page was open too long or cookies were cleared: nothing is saved, but what was
    typed comes back so that the reporter only has to press send again.

    Only to the site's own page (``same_origin``): a hostile page posting to the form must not
    get the genuine form shown filled in with its words. And never the contact details, the
    consents or "email me my receipt": those the reporter fills in again themselves, so that
    a forged request cannot send the receipt to someone else."""
    if not same_origin(request):
        return csrf_failure(request)
    context = _form_again(request, leave_out=NOT_CARRIED_ACROSS_CSRF_FAILURE)
    context["expired"] = True
    return render(request, "intake/report_form.html", context, status=403)


def _form_again(request: HttpRequest, *, leave_out: tuple[str, ...] = ()) -> dict[str, object]:
    """The form drawn again from a POST that was not saved, with what was typed (less the
    fields in ``leave_out``) and the names of the files to choose again."""
    data = request.POST.copy()
    for name in leave_out:
        data.pop(name, None)
    form = ReportForm(data, language=active_language())
    form.is_valid()
    submission_id = request.POST.get("submission_id", "")
    if not _SUBMISSION_ID.match(submission_id):
        submission_id = secrets.token_urlsafe(32)
    lost = [f.name or "" for f in request.FILES.getlist("evidence")]
    return _form_context(form, submission_id, lost)


@never_cache
@require_http_methods(["GET", "POST"])
@_with_upload_quota(on_csrf_failure=_report_csrf_failure)
def report(request: HttpRequest) -> HttpResponse:
    """The report form (GET) and its submission (POST)."""
    language = active_language()
    if request.method != "POST":
        context = _form_context(ReportForm(language=language), secrets.token_urlsafe(32))
        context["blank_fields"] = _blank_fields(context, language)
        return render(request, "intake/report_form.html", context)

    count = _hourly_count(request)
    if count > settings.INTAKE_HARD_LIMIT_PER_HOUR:
        # Not saved, but not lost either: many people can share the address (a mobile
        # network, the onion service), and the one refused is often not the one who sent
        # the hour's reports. Their own request (it passed the CSRF check): all of it returns.
        context = _form_again(request)
        context["limited"] = True
        return render(request, "intake/report_form.html", context, status=429)
    submission_id = request.POST.get("submission_id", "")
    if not _SUBMISSION_ID.match(submission_id):
        submission_id = secrets.token_urlsafe(32)
    form = ReportForm(
        request.POST, request.FILES, language=language, files_sent=files_sent(request)
    )
    if not form.is_valid():
        lost = [f.name or "" for f in request.FILES.getlist("evidence")]
        response = render(
            request,
            "intake/report_form.html",
            _form_context(_cleaned_for_retry(form), submission_id, lost),
            status=400,
        )
        return response

    if request.POST.get("website") or count > settings.INTAKE_SOFT_LIMIT_PER_HOUR:
        trust = Trust.SUSPECT
    elif pow.solution_accept(request.POST.get("altcha", "")):
        trust = Trust.NORMAL
    else:
        trust = Trust.LOW
    submitted = services.report_submit(
        data=form.report_data(),
        files=form.checked_files,
        channel=Channel.WEB_FORM,
        trust=trust,
        submission_material=f"form:{submission_id}:{form.fingerprint()}",
    )
    return render(
        request,
        "intake/receipt.html",
        {
            "code": format_code(submitted.receipt_code),
            "repeated": not submitted.created,
            "emailed": form.cleaned_data.get("send_receipt_by_email"),
        },
    )


def _hourly_count(request: HttpRequest) -> int:
    """Count one write (a report, or words and files added at follow-up) for the client's
    network in this hour, and return the hour's count."""
    return hit("report", client_key(request), window_seconds=3600)


def _over_hourly_limit(request: HttpRequest) -> bool:
    return _hourly_count(request) > settings.INTAKE_HARD_LIMIT_PER_HOUR


def _cleaned_for_retry(form: ReportForm) -> ReportForm:
    """Show the form again with what was typed, minus invisible direction controls (the
    error message says they were removed)."""
    if any(
        error.code == "bidi_control"
        for errors in form.errors.as_data().values()
        for error in errors
    ):
        data = form.data.copy()  # type: ignore[attr-defined]
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = "".join(
                    ch
                    for ch in value
                    if ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                )
        form.data = data
    return form


@never_cache
@require_http_methods(["GET", "POST"])
def followup_start(request: HttpRequest) -> HttpResponse:
    """Enter the receipt code."""
    if request.method != "POST":
        if access.followup_report(request) is not None:
            return redirect("intake:followup_case")
        return _followup_start_page(request, ReceiptCodeForm())
    form = ReceiptCodeForm(request.POST)
    code = normalise_receipt_code(form.data.get("code", "")) if form.is_valid() else ""
    network, code_counters = _network_counter(request), _prefix_counters(code)
    if (
        any(
            peek(scope, key, window_seconds=_FOLLOWUP_WINDOW) >= limit
            for scope, key, limit in code_counters
        )
        or _session_failures(request) >= settings.INTAKE_FOLLOWUP_ATTEMPTS
    ):
        return _refuse(
            request,
            429,
            str(_("Too many wrong codes were tried. Please wait 15 minutes and try again.")),
        )
    # Past the network's limit, only a code that comes with a fresh proof of work is looked at:
    # one person flooding the counter (a neighbour on the same mobile address, anyone on the
    # onion service) cannot lock everyone else behind that address out of their report.
    if _network_busy(network) and not pow.solution_accept(request.POST.get("altcha", "")):
        return _followup_start_page(request, form, status=429, busy=True)
    found = selectors.report_by_receipt(code) if code else None
    if found is None:
        for scope, key, _limit in (network, *code_counters):
            hit(scope, key, window_seconds=_FOLLOWUP_WINDOW)
        _session_failure_add(request)
        form.add_error(
            None, _("This code does not open a report. Check the 16 digits and try again.")
        )
        return _followup_start_page(request, form, status=400)
    access.followup_open(request, found)
    return redirect("intake:followup_case")


def _followup_start_page(
    request: HttpRequest, form: ReceiptCodeForm, *, status: int = 200, busy: bool = False
) -> HttpResponse:
    """The code form; with a proof-of-work challenge while the network is past its limit."""
    context: dict[str, object] = {"form": form, "busy": busy}
    if busy or _network_busy(_network_counter(request)):
        context["challenge"] = pow.challenge_new().to_dict()
    return render(request, "intake/followup_start.html", context, status=status)


# Receipt-code guessing (docs/security.md): only wrong codes count, per 15 minutes, per browser
# session (tight), per client network (generous: a mobile operator puts many people behind one
# address) and per code prefix (whatever the address, for someone who knows part of one code).
_FOLLOWUP_WINDOW = 900
_FOLLOWUP_SESSION_KEY = "intake_followup_failures"
PREFIX_DIGITS = 8


def _network_counter(request: HttpRequest) -> tuple[str, str, int]:
    return ("followup-network", client_key(request), settings.INTAKE_FOLLOWUP_NETWORK_FAILURES)


def _prefix_counters(code: str) -> list[tuple[str, str, int]]:
    if not code:
        return []
    # Keyed: no part of a code is ever a cache key in clear.
    prefix = keyed_hash("followup-prefix", code[:PREFIX_DIGITS])
    return [("followup-prefix", prefix, settings.INTAKE_FOLLOWUP_PREFIX_FAILURES)]


def _network_busy(counter: tuple[str, str, int]) -> bool:
    scope, key, limit = counter
    return peek(scope, key, window_seconds=_FOLLOWUP_WINDOW) >= limit


def _session_failures(request: HttpRequest) -> int:
    entry = request.session.get(_FOLLOWUP_SESSION_KEY)
    window = int(time.time()) // _FOLLOWUP_WINDOW
    if isinstance(entry, list) and len(entry) == 2 and entry[0] == window:
        return int(entry[1])
    return 0


def _session_failure_add(request: HttpRequest) -> None:
    """Counted in the session itself, which a correct code keeps (the key is cycled, the data
    stays), so entering one's own code does not wipe the count of wrong ones."""
    window = int(time.time()) // _FOLLOWUP_WINDOW
    request.session[_FOLLOWUP_SESSION_KEY] = [window, _session_failures(request) + 1]


@never_cache
@require_http_methods(["GET", "POST"])
@_with_upload_quota()
def followup_case(request: HttpRequest) -> HttpResponse:
    """The reporter's view of their report: status, questions, answers, more information."""
    found = access.followup_report(request)
    if found is None:
        messages.info(request, _("Please enter your receipt code again."))
        return redirect("intake:followup_start")
    form = FollowUpForm()
    status = 200
    if request.method == "POST" and _over_hourly_limit(request):
        # Words and files added here are writes like a report, with files as large: they
        # share the network's hourly budget of reports. Nothing saved; the words come back.
        form = FollowUpForm(request.POST)
        form.add_error(
            None,
            _(
                "Too many reports and messages were sent from your connection in the last "
                "hour. Nothing was saved; your message is below. Please try again later."
            ),
        )
        status = 429
    elif request.method == "POST":
        form = FollowUpForm(request.POST, request.FILES, files_sent=files_sent(request))
        if form.is_valid():
            try:
                services.report_add_information(
                    report=found, text=form.cleaned_data["message"], files=form.checked_files
                )
            except ReportWithdrawn as exc:
                return _refuse(request, 409, str(exc.message))
            messages.success(request, _("Thank you. We received what you sent."))
            return redirect("intake:followup_case")
        status = 400
    return render(
        request,
        "intake/followup_case.html",
        {
            "report": found,
            "status": selectors.report_public_status(found),
            "outcomes": reporter_outcomes(found),
            "thread": selectors.report_messages(found),
            "form": form,
            "withdrawn": found.triage_state == TriageState.WITHDRAWN,
            "lost_files": [f.name or "" for f in request.FILES.getlist("evidence")]
            if status == 429
            else [],
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def followup_withdraw(request: HttpRequest) -> HttpResponse:
    found = access.followup_report(request)
    if found is None:
        return redirect("intake:followup_start")
    if request.method == "POST":
        services.report_withdraw(report=found)
        access.followup_close(request)
        return render(request, "intake/withdrawn.html")
    return render(request, "intake/followup_withdraw.html", {"report": found})


@require_POST
def followup_leave(request: HttpRequest) -> HttpResponse:
    access.followup_close(request)
    messages.info(request, _("You left the follow-up page. Your report is safe."))
    return redirect(reverse("intake:followup_start"))
