"""The staff area for triage and case work. Every view: authorise (access.py), parse (a
form), call one service or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from marsad.accounts.access import staff_required
from marsad.accounts.models import User
from marsad.cases import access, forms, selectors, services
from marsad.cases.choices import TRANSITIONS, RejectionReason, Status
from marsad.cases.filters import InboxFilter, ViolationFilter
from marsad.core.actions import form_errors_to_messages, refused_go_back
from marsad.core.errors import DomainError
from marsad.core.pagination import capped_page
from marsad.intake.choices import TriageState
from marsad.intake.selectors import contact_reveal, report_messages


def _user(request: HttpRequest) -> User:
    """The signed-in staff member (staff_required has checked there is one)."""
    return cast(User, request.user)


# The staff area's shared handling of refused actions and invalid forms.
_domain_errors = refused_go_back
_invalid = form_errors_to_messages


# --- Reports ------------------------------------------------------------------------------


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    access.require(_user(request), "intake.view_report")
    filters = InboxFilter(request.GET or None)
    reports = selectors.inbox_reports(filters=filters)
    if request.method == "POST":
        access.require(_user(request), "intake.change_report")
        bulk = forms.BulkTriageForm(request.POST)
        if bulk.is_valid():
            count = services.reports_set_triage(
                reports=list(bulk.cleaned_data["reports"]),
                state=TriageState(bulk.cleaned_data["state"]),
                actor=_user(request),
            )
            messages.success(request, _("%(count)d reports updated.") % {"count": count})
        else:
            _invalid(request, bulk)
        return redirect(request.get_full_path())
    page = capped_page(reports, selectors.INBOX_PAGE_SIZE, request.GET.get("page"))
    return render(request, "cases/inbox.html", {"filters": filters, "page": page})


@require_safe
@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.report_for(_user(request), pk)
    return render(
        request,
        "cases/report.html",
        {
            "report": report,
            "files": list(report.files.all()),
            "thread": report_messages(report),
            "candidates": selectors.report_duplicate_candidates(report),
            "waiting": report.triage_state in (TriageState.NEW, TriageState.SPAM),
            "attach_form": forms.AttachForm(),
            "reveal_form": forms.ContactRevealForm(),
        },
    )


@require_POST
@staff_required
@_domain_errors
def report_open(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.report_for(_user(request), pk, change=True)
    access.require(_user(request), "cases.add_violation")
    violation = services.violation_open_from_report(report=report, actor=_user(request))
    messages.success(request, _("Violation #%(id)d opened.") % {"id": violation.pk})
    return redirect("cases:violation", pk=violation.pk)


@require_POST
@staff_required
@_domain_errors
def report_attach(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.report_for(_user(request), pk, change=True)
    form = forms.AttachForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("cases:report", pk=pk)
    violation = access.violation_for(_user(request), form.cleaned_data["violation"], change=True)
    services.report_attach(report=report, violation=violation, actor=_user(request))
    messages.success(request, _("Report attached."))
    return redirect("cases:violation", pk=violation.merged_into_id or violation.pk)


@require_POST
@staff_required
@_domain_errors
def report_triage(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.report_for(_user(request), pk, change=True)
    form = forms.TriageForm(request.POST)
    if form.is_valid():
        services.reports_set_triage(
            reports=[report], state=TriageState(form.cleaned_data["state"]), actor=_user(request)
        )
        messages.success(request, _("Report updated."))
    else:
        _invalid(request, form)
    return redirect("cases:inbox")


@require_POST
@staff_required
def report_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Reveal the reporter's contact details, with a reason, logged."""
    report = access.report_for(_user(request), pk)
    access.require(_user(request), "intake.reveal_contact")
    form = forms.ContactRevealForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("cases:report", pk=pk)
    contact = contact_reveal(user=_user(request), report=report, reason=form.cleaned_data["reason"])
    response = render(request, "cases/contact.html", {"report": report, "contact": contact})
    response["Cache-Control"] = "no-store"
    return response


# --- Violations -------------------------------------------------------------------------------


@staff_required
def violation_list(request: HttpRequest) -> HttpResponse:
    access.require(_user(request), "cases.view_violation")
    if request.method == "POST":
        access.require(_user(request), "cases.change_violation")
        bulk = forms.BulkViolationForm(request.POST)
        if bulk.is_valid():
            data = bulk.cleaned_data
            count = services.violations_bulk_update(
                violations=list(data["violations"]),
                actor=_user(request),
                assign=data["action"] == "assign",
                assignee=data.get("assignee"),
                tag=data.get("tag") if data["action"] == "tag" else None,
            )
            messages.success(request, _("%(count)d violations updated.") % {"count": count})
        else:
            _invalid(request, bulk)
        return redirect(request.get_full_path())
    filters = ViolationFilter(request.GET or None)
    violations = selectors.violations_staff_list(filters=filters, user=_user(request))
    page = capped_page(violations, 50, request.GET.get("page"))
    return render(
        request,
        "cases/violations.html",
        {
            "filters": filters,
            "page": page,
            "bulk": forms.BulkViolationForm(),
            "ready": selectors.violations_ready_to_escalate()[:20],
        },
    )


@require_safe
@staff_required
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    violation = access.violation_for(_user(request), pk)
    return _violation_page(request, violation)


def _violation_page(
    request: HttpRequest,
    violation: Any,
    *,
    status: int = 200,
    unsent: dict[str, Any] | None = None,
) -> HttpResponse:
    """The violation's page; ``status`` and ``unsent`` (a question that was refused: its
    report's id and its text) when an action is refused on the page itself."""
    can_change = _user(request).has_perm("cases.change_violation")
    summaries = {s.language_code: s for s in violation.summaries.all()}
    # Reporters' words (the reports, and the timeline, whose questions and notes may quote
    # them) only for roles that read reports; the others learn how many reports there are.
    reads_reports = access.may_read_reports(_user(request))
    reports = selectors.violation_reports(violation) if reads_reports else []
    return render(
        request,
        "cases/violation.html",
        {
            "violation": violation,
            "reads_reports": reads_reports,
            "reports": reports,
            "report_count": None if reads_reports else selectors.violation_report_count(violation),
            "unsent": unsent,
            # A refused question whose report has no form on this page is shown on its own.
            "unsent_elsewhere": unsent is not None
            and not any(
                r.pk == unsent["report"] and r.triage_state != TriageState.WITHDRAWN
                for r in reports
            ),
            "timeline": (
                selectors.violation_timeline(violation)
                if access.may_read_timeline(_user(request))
                else None
            ),
            "can_change": can_change,
            "classification": forms.ClassificationForm(instance=violation),
            "victims": list(violation.victims.select_related("victim_type", "region")),
            "victim_form": forms.VictimForm(),
            "transitions": [Status(s) for s in Status if s in TRANSITIONS[violation.status]],
            "rejection_reasons": RejectionReason.choices,
            "assign_form": forms.AssignForm(initial={"assignee": violation.assignee_id}),
            "summaries": [
                (code, name, summaries.get(code))
                for code, name in (("ar", "العربية"), ("en", "English"), ("he", "עברית"))
            ],
            "publication_allowed": services.violation_publication_allowed(violation),
        },
        status=status,
    )


@require_POST
@staff_required
def violation_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a reporter a question. A refusal (a report of another violation, a status that
    cannot wait for information, a withdrawn report) answers with the page itself, the
    message and the question typed, so that nothing typed is lost."""
    violation = access.violation_for(_user(request), pk, change=True)
    form = forms.QuestionForm(request.POST)
    typed = {"report": form.data.get("report"), "question": form.data.get("question", "")}
    if not form.is_valid():
        _invalid(request, form)
        return _violation_page(request, violation, status=400, unsent=_unsent(typed))
    report = access.report_for(_user(request), form.cleaned_data["report"], change=True)
    try:
        services.violation_ask_reporter(
            violation=violation,
            report=report,
            actor=_user(request),
            question=form.cleaned_data["question"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        # Read again: the refused service may have changed the object before it rolled back.
        violation = access.violation_for(_user(request), pk, change=True)
        return _violation_page(request, violation, status=exc.http_status, unsent=_unsent(typed))
    messages.success(request, _("The question is on the reporter's follow-up page."))
    return redirect("cases:violation", pk=pk)


def _unsent(typed: dict[str, Any]) -> dict[str, Any]:
    report = typed["report"]
    return {
        "report": int(report) if isinstance(report, str) and report.isdigit() else None,
        "question": typed["question"],
    }


def _violation_action(
    form_class: type, act: Callable[[HttpRequest, Any, Any], str | None]
) -> Callable[..., HttpResponse]:
    """A POST action on a violation: authorise, parse, call the service, go back."""

    @require_POST
    @staff_required
    @_domain_errors
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        violation = access.violation_for(_user(request), pk, change=True)
        form = form_class(request.POST)
        if form.is_valid():
            done = act(request, violation, form)
            if done:
                messages.success(request, done)
        else:
            _invalid(request, form)
        return redirect("cases:violation", pk=pk)

    return view


def _classify(request: HttpRequest, violation: Any, form: Any) -> str:
    bound = forms.ClassificationForm(request.POST, instance=violation)
    if not bound.is_valid():
        _invalid(request, bound)
        return ""
    original = access.violation_for(_user(request), violation.pk, change=True)
    services.violation_classify(
        violation=original,
        actor=_user(request),
        changes=bound.changes(),
        tags=list(bound.cleaned_data["tags"]),
        additional_types=list(bound.cleaned_data["additional_types"]),
    )
    return _("Classification saved.")


def _transition(request: HttpRequest, violation: Any, form: Any) -> str:
    reason = form.cleaned_data["rejection_reason"]
    services.violation_transition(
        violation=violation,
        to=Status(form.cleaned_data["to"]),
        actor=_user(request),
        note=form.cleaned_data["note"],
        rejection_reason=RejectionReason(reason) if reason else None,
    )
    return _("Status changed.")


def _note(request: HttpRequest, violation: Any, form: Any) -> str:
    services.violation_add_note(
        violation=violation, actor=_user(request), note=form.cleaned_data["note"]
    )
    return _("Note added.")


def _assign(request: HttpRequest, violation: Any, form: Any) -> str:
    services.violation_assign(
        violation=violation, assignee=form.cleaned_data["assignee"], actor=_user(request)
    )
    return _("Assignment saved.")


def _merge(request: HttpRequest, violation: Any, form: Any) -> str:
    target = access.violation_for(_user(request), form.cleaned_data["target"], change=True)
    services.violation_merge(
        source=violation,
        target=target,
        actor=_user(request),
        note=form.cleaned_data["note"],
    )
    return _("Merged into violation #%(id)d.") % {"id": target.pk}


def _split(request: HttpRequest, violation: Any, form: Any) -> str:
    services.violation_split(source=violation, actor=_user(request), note=form.cleaned_data["note"])
    return _("The merge was undone.")


def _summary(request: HttpRequest, violation: Any, form: Any) -> str:
    services.violation_write_summary(
        violation=violation,
        actor=_user(request),
        language=form.cleaned_data["language"],
        text=form.cleaned_data["text"],
        checklist=form.checklist(),
    )
    return _("Public summary saved.")


def _publish(request: HttpRequest, violation: Any, form: Any) -> str:
    services.violation_set_published(
        violation=violation,
        actor=_user(request),
        published=form.cleaned_data["published"],
    )
    return _("Publication decision saved.")


def _victim(request: HttpRequest, violation: Any, form: Any) -> str:
    data = form.cleaned_data
    if data.get("remove"):
        services.violation_remove_victim(
            violation=violation, actor=_user(request), victim_id=data["remove"]
        )
        return _("Victim removed.")
    services.violation_add_victim(
        violation=violation,
        actor=_user(request),
        victim_type=data["victim_type"],
        gender=data["gender"],
        profession=data["profession"],
        region=data["region"],
    )
    return _("Victim added.")


violation_classify = _violation_action(forms.ActionForm, _classify)
violation_victim = _violation_action(forms.VictimForm, _victim)
violation_status = _violation_action(forms.TransitionForm, _transition)
violation_note = _violation_action(forms.NoteForm, _note)
violation_assign = _violation_action(forms.AssignForm, _assign)
violation_merge = _violation_action(forms.MergeForm, _merge)
violation_split = _violation_action(forms.SplitForm, _split)
violation_summary = _violation_action(forms.SummaryForm, _summary)
violation_publish = _violation_action(forms.PublishForm, _publish)
