"""Staff pages of the reports: the list, a report with its latest version (the HTML report,
its PDFs, the progress of a generation, changes in the data since), and the forms for its
texts and notable cases. Every view: authorise, parse a form, call one service or selector,
render or redirect."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marsad.accounts.access import staff_required
from marsad.accounts.models import User
from marsad.core.access import require
from marsad.core.errors import DomainError
from marsad.core.i18n import active_language
from marsad.reporting import forms, services
from marsad.reporting.choices import LANGUAGES, SnapshotState
from marsad.reporting.errors import NotReady
from marsad.reporting.labels import report_title
from marsad.reporting.models import Report, Section, Snapshot
from marsad.reporting.presentation import report_view
from marsad.reporting.summary import generated_summary

VIEW = "reporting.view_report"
CHANGE = "reporting.change_report"
GENERATE = "reporting.generate_report"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _title(report: Report) -> str:
    return report_title(report.kind, report.year, report.quarter)


@require_http_methods(["GET", "POST"])
@staff_required
def reports(request: HttpRequest) -> HttpResponse:
    require(_user(request), VIEW)
    form = forms.OpenForm(request.POST or None)
    if request.method == "POST":
        require(_user(request), CHANGE, GENERATE)
        if form.is_valid():
            report = services.report_for(form.period(), actor=_user(request))
            return redirect("reporting:report", pk=report.pk)
    shown = list(
        Report.objects.select_related("publication").order_by("-year", "-quarter", "kind")[:200]
    )
    latest = services.latest_done_of([r.pk for r in shown])
    listed = [(report, _title(report), latest.get(report.pk)) for report in shown]
    return render(
        request,
        "reporting/list.html",
        {"form": form, "reports": listed},
        status=400 if request.method == "POST" else 200,
    )


def _latest(report: Report) -> Snapshot | None:
    return report.snapshots.order_by("-requested_at", "-pk").first()


@require_safe
@staff_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), VIEW)
    return _report_page(request, get_object_or_404(Report, pk=pk))


def _report_page(
    request: HttpRequest, report: Report, *, changes: dict | None = None, status: int = 200
) -> HttpResponse:
    latest = _latest(report)
    done = services.latest_done(report)
    texts = services.report_texts(report)
    view = None
    preview = ""
    if done is not None:
        # The page shows the current texts over the version's figures (the PDFs keep the texts
        # they were made with; "texts_outdated" says when the two differ).
        view = report_view(done.figures, texts, active_language())
        preview = render_to_string("reporting/body.html", view)
    running = latest is not None and latest.state in (SnapshotState.QUEUED, SnapshotState.RUNNING)
    return render(
        request,
        "reporting/report.html",
        {
            "report": report,
            "title": _title(report),
            "latest": latest,
            "done": done,
            "view": view,
            "preview": mark_safe(preview),  # noqa: S308  # nosec B308 B703
            "running": running,
            "texts_outdated": done is not None and done.texts_hash != texts.digest(),
            "documents": list(done.documents.only("language", "pages", "sha256")) if done else [],
            "sections": report.sections.prefetch_related("translations").order_by("order", "pk"),
            "notable_form": forms.NotableForm(
                initial={
                    "cases": ", ".join(
                        str(pk) for pk in report.notable.order_by("pk").values_list("pk", flat=True)
                    )
                }
            ),
            "versions": report.snapshots.order_by("-requested_at", "-pk")[:20],
            "changes": changes,
        },
        status=status,
    )


def _refused(request: HttpRequest, report: Report, error: DomainError) -> HttpResponse:
    messages.error(request, str(error.message))
    return redirect("reporting:report", pk=report.pk)


@require_POST
@staff_required
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), GENERATE)
    report = get_object_or_404(Report, pk=pk)
    try:
        services.snapshot_request(report=report, actor=_user(request))
    except DomainError as error:
        return _refused(request, report, error)
    messages.success(request, _("The report is being generated; this page shows its progress."))
    return redirect("reporting:report", pk=report.pk)


@require_POST
@staff_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), GENERATE)
    report = get_object_or_404(Report, pk=pk)
    done = services.latest_done(report)
    if done is None:
        return _refused(request, report, NotReady())
    return _report_page(request, report, changes=services.data_changes(done))


@require_safe
@staff_required
def pdf(request: HttpRequest, pk: int, version: int, language: str) -> HttpResponse:
    require(_user(request), VIEW)
    if language not in LANGUAGES:
        raise Http404
    snapshot = get_object_or_404(Snapshot, pk=version, report_id=pk, state=SnapshotState.DONE)
    document = snapshot.documents.filter(language=language).first()
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    name = f"marsad-report-{snapshot.report.code}-v{snapshot.pk}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@staff_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), VIEW, CHANGE)
    report = get_object_or_404(Report, pk=pk)
    done = services.latest_done(report)
    generated = {code: generated_summary(done.figures, code) if done else "" for code in LANGUAGES}
    edited = services.report_texts(report).summaries
    if request.method == "POST":
        form = forms.SummaryForm(request.POST)
        if form.is_valid():
            # A paragraph left as generated is not kept as an edit: it follows the figures.
            summaries = {
                code: "" if text.split() == generated[code].split() else text
                for code, text in form.summaries().items()
            }
            services.summary_save(report=report, summaries=summaries)
            messages.success(request, _("The summary was saved."))
            return redirect("reporting:report", pk=report.pk)
    else:
        form = forms.SummaryForm(
            initial={f"summary_{c}": edited.get(c) or generated[c] for c in LANGUAGES}
        )
    return render(
        request,
        "reporting/summary.html",
        {"report": report, "title": _title(report), "form": form, "ready": done is not None},
        status=400 if request.method == "POST" else 200,
    )


def _section_form_page(
    request: HttpRequest, report: Report, section: Section | None
) -> HttpResponse:
    if request.method == "POST":
        form = forms.SectionForm(request.POST)
        if form.is_valid():
            services.section_save(
                report=report,
                section=section,
                placement=form.cleaned_data["placement"],
                order=form.cleaned_data["order"],
                texts=form.texts(),
            )
            messages.success(request, _("The section was saved."))
            return redirect("reporting:report", pk=report.pk)
    else:
        initial: dict[str, object] = {}
        if section is not None:
            initial = {"placement": section.placement, "order": section.order}
            for t in section.translations.all():
                initial[f"heading_{t.language_code}"] = t.heading
                initial[f"body_{t.language_code}"] = t.body
        form = forms.SectionForm(initial=initial)
    return render(
        request,
        "reporting/section.html",
        {"report": report, "title": _title(report), "form": form, "section": section},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def section_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), VIEW, CHANGE)
    return _section_form_page(request, get_object_or_404(Report, pk=pk), None)


@require_http_methods(["GET", "POST"])
@staff_required
def section_edit(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    require(_user(request), VIEW, CHANGE)
    report = get_object_or_404(Report, pk=pk)
    return _section_form_page(request, report, get_object_or_404(report.sections, pk=section))


@require_POST
@staff_required
def section_delete(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    require(_user(request), VIEW, CHANGE)
    report = get_object_or_404(Report, pk=pk)
    services.section_delete(section=get_object_or_404(report.sections, pk=section))
    messages.success(request, _("The section was removed."))
    return redirect("reporting:report", pk=report.pk)


@require_POST
@staff_required
def notable(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), VIEW, CHANGE)
    report = get_object_or_404(Report, pk=pk)
    form = forms.NotableForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("cases", []):
            messages.error(request, str(error))
        return redirect("reporting:report", pk=report.pk)
    try:
        services.notable_set(report=report, violation_ids=form.cleaned_data["cases"])
    except DomainError as error:
        return _refused(request, report, error)
    messages.success(
        request, _("The notable cases were saved; generate the report again to include them.")
    )
    return redirect("reporting:report", pk=report.pk)


@require_POST
@staff_required
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    require(
        _user(request), VIEW, CHANGE, "activities.add_publication", "activities.change_publication"
    )
    report = get_object_or_404(Report, pk=pk)
    try:
        made = services.report_publication(report=report, actor=_user(request))
    except DomainError as error:
        return _refused(request, report, error)
    messages.success(
        request,
        _("The publication is ready as a draft: read it through, then put it on the site."),
    )
    return redirect(reverse("activities_staff:publication_edit", kwargs={"pk": made.pk}))
