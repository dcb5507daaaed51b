"""The coordinator's escalation pages: the ledger and one case, batches and their packages,
and the statistics. Every view: authorise (access.py), parse (a form), call one service or
selector, render or redirect."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marsad.accounts.access import staff_required
from marsad.accounts.models import User
from marsad.cases.access import require
from marsad.core.actions import form_errors_to_messages, refused_go_back
from marsad.core.pagination import capped_page
from marsad.escalations import access, forms, packages, pdf, selectors, services
from marsad.escalations.choices import BatchState, Outcome, Request
from marsad.escalations.filters import EscalationFilter
from marsad.taxonomy.models import Platform


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- The ledger -------------------------------------------------------------------------------


@require_safe
@staff_required
def ledger(request: HttpRequest) -> HttpResponse:
    require(_user(request), "escalations.view_escalation")
    filters = EscalationFilter(request.GET or None)
    page = capped_page(selectors.escalation_list(filters=filters), 50, request.GET.get("page"))
    overdue_count, overdue = selectors.escalations_overdue(limit=20)
    return render(
        request,
        "escalations/ledger.html",
        {"filters": filters, "page": page, "overdue": overdue, "overdue_count": overdue_count},
    )


@require_safe
@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = access.escalation_for(_user(request), pk)
    attempts = selectors.escalation_case(escalation)
    latest = attempts[-1]
    return render(
        request,
        "escalations/detail.html",
        {
            "escalation": escalation,
            "attempts": attempts,
            "latest": latest,
            "can_change": _user(request).has_perm("escalations.change_escalation"),
            "answer_form": forms.AnswerForm(initial={"reference": latest.reference}),
            "close_form": forms.CloseForm(),
            "follow_up_form": forms.FollowUpForm(initial={"channel": latest.channel}),
            "appeal_form": forms.AppealForm(),
        },
    )


def _action(
    form_class: type, act: Callable[[HttpRequest, Any, Any], str]
) -> Callable[..., HttpResponse]:
    """A POST on one escalation: authorise, parse, call the service, back to its page."""

    @require_POST
    @staff_required
    @refused_go_back
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        escalation = access.escalation_for(_user(request), pk, change=True)
        form = form_class(request.POST)
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect("escalations:detail", pk=pk)
        messages.success(request, act(request, escalation, form.cleaned_data))
        return redirect("escalations:detail", pk=pk)

    return view


def _answer(request: HttpRequest, escalation: Any, data: dict[str, Any]) -> str:
    services.escalation_record_answer(
        escalation=escalation,
        actor=_user(request),
        answered_on=data["answered_on"],
        answer=data["answer"],
        reason_given=data["reason_given"],
        reference=data["reference"],
        outcome=data["outcome"],
    )
    return _("The answer is recorded.")


def _close(request: HttpRequest, escalation: Any, data: dict[str, Any]) -> str:
    services.escalation_close(
        escalation=escalation,
        actor=_user(request),
        outcome=Outcome(data["outcome"]),
        closed_on=data["closed_on"],
        note=data["note"],
    )
    return _("The outcome is recorded.")


def _follow_up(request: HttpRequest, escalation: Any, data: dict[str, Any]) -> str:
    require(_user(request), "escalations.add_escalation")  # a follow-up is a new attempt
    services.escalation_follow_up(
        escalation=escalation,
        actor=_user(request),
        channel=data["channel"],
        message=data["message"],
        sent_at=forms.sent_at_from(data["sent_on"]),
    )
    return _("The follow-up is recorded.")


def _appeal(request: HttpRequest, escalation: Any, data: dict[str, Any]) -> str:
    services.escalation_record_appeal(
        escalation=escalation,
        actor=_user(request),
        appealed_on=data["appealed_on"],
        appeal_outcome=data["appeal_outcome"],
    )
    return _("The appeal is recorded.")


answer = _action(forms.AnswerForm, _answer)
close = _action(forms.CloseForm, _close)
follow_up = _action(forms.FollowUpForm, _follow_up)
appeal = _action(forms.AppealForm, _appeal)


# --- Batches ----------------------------------------------------------------------------------


@require_safe
@staff_required
def batches(request: HttpRequest) -> HttpResponse:
    require(_user(request), "escalations.view_batch")
    page = Paginator(selectors.batch_list(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "escalations/batches.html",
        {"page": page, "platform_form": forms.BatchPlatformForm()},
    )


@require_http_methods(["GET", "POST"])
@staff_required
@refused_go_back
def batch_new(request: HttpRequest) -> HttpResponse:
    """Choose the violations of one platform for a new batch (the platform in ``?platform``)."""
    require(_user(request), "escalations.add_batch")
    chooser = forms.BatchPlatformForm(request.GET)
    if not chooser.is_valid():
        form_errors_to_messages(request, chooser)
        return redirect("escalations:batches")
    platform: Platform = chooser.cleaned_data["platform"]
    candidates = selectors.violations_ready_for_batch(platform=platform)
    posted = request.POST if request.method == "POST" else None
    form = forms.BatchCreateForm(posted, candidates=candidates)
    if request.method == "POST":
        if form.is_valid():
            batch = services.batch_create(
                platform=platform,
                channel=form.cleaned_data["channel"],
                items=form.cleaned_data["items"],
                actor=_user(request),
            )
            messages.success(request, _("Batch %(id)d prepared.") % {"id": batch.pk})
            return redirect("escalations:batch", pk=batch.pk)
        form_errors_to_messages(request, form)
    return render(
        request,
        "escalations/batch_new.html",
        {
            "platform": platform,
            "form": form,
            "rows": form.rows(),
            "requests": Request.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_safe
@staff_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.batch_for(_user(request), pk)
    package = packages.package_of(found)
    return render(
        request,
        "escalations/batch.html",
        {
            "batch": found,
            "package": package,
            "requests": dict(Request.choices),
            "draft": found.state == BatchState.DRAFT,
            "can_change": _user(request).has_perm("escalations.change_batch"),
            "sent_form": forms.SentForm(),
            "escalations": list(found.escalations.select_related("violation").order_by("pk")),
        },
    )


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(found: Any, extension: str) -> str:
    return f"marsad-batch-{found.pk}-{found.platform.slug}.{extension}"


@require_safe
@staff_required
def batch_json(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.batch_for(_user(request), pk)
    body = json.dumps(packages.package_of(found), ensure_ascii=False, indent=2)
    return _download(body, "application/json; charset=utf-8", _filename(found, "json"))


@require_safe
@staff_required
def batch_csv(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.batch_for(_user(request), pk)
    body = packages.package_csv(packages.package_of(found))
    return _download(body, "text/csv; charset=utf-8", _filename(found, "csv"))


@require_safe
@staff_required
def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.batch_for(_user(request), pk)
    body = pdf.package_pdf(found, packages.package_of(found))
    return _download(body, "application/pdf", _filename(found, "pdf"))


@require_POST
@staff_required
def batch_files(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The files for the platform (a POST: each file sent is written into its chain of
    custody)."""
    found = access.batch_for(_user(request), pk, change=True)
    require(_user(request), "evidence.export_package")
    response = FileResponse(
        packages.package_files(found, actor=_user(request)),
        as_attachment=True,
        filename=_filename(found, "files.zip"),
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required
@refused_go_back
def batch_send(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.batch_for(_user(request), pk, change=True)
    require(_user(request), "escalations.add_escalation")
    form = forms.SentForm(request.POST)
    if form.is_valid():
        services.batch_mark_sent(
            batch=found,
            actor=_user(request),
            sent_at=form.sent_at(),
            reference=form.cleaned_data["reference"],
        )
        messages.success(request, _("The batch is recorded as sent."))
    else:
        form_errors_to_messages(request, form)
    return redirect("escalations:batch", pk=pk)


@require_POST
@staff_required
@refused_go_back
def batch_remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.batch_for(_user(request), pk, change=True)
    form = forms.BatchRemoveForm(request.POST)
    if form.is_valid():
        services.batch_remove_item(batch=found, violation_id=form.cleaned_data["violation"])
        messages.success(request, _("Removed from the batch."))
    else:
        form_errors_to_messages(request, form)
    return redirect("escalations:batch", pk=pk)


@require_POST
@staff_required
@refused_go_back
def batch_discard(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.batch_for(_user(request), pk, change=True)
    services.batch_discard(batch=found)
    messages.success(request, _("The draft batch was discarded."))
    return redirect(reverse("escalations:batches"))


# --- Statistics -------------------------------------------------------------------------------


@require_safe
@staff_required
def statistics(request: HttpRequest) -> HttpResponse:
    require(_user(request), "escalations.view_escalation")
    form = forms.StatisticsForm(request.GET or None)
    year, quarter, period = form.period()
    rows, total = selectors.escalation_figures_by_platform(period=period)
    return render(
        request,
        "escalations/statistics.html",
        {
            "form": form,
            "year": year,
            "quarter": quarter,
            "rows": rows,
            "total": total,
            "outcomes": [*Outcome.choices, ("open", _("Open"))],
        },
    )
