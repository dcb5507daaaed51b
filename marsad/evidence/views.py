"""Staff pages for evidence: an item with its chain of custody, safe copies to look at,
originals to download with a reason, uploads, captures and the violation's package.

Originals are only ever sent as attachments of type application/octet-stream, so no browser
renders a PDF, video or image from them; the safe copy of an image is served with a
Content-Security-Policy that forbids everything but showing it.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from marsad.accounts.access import staff_required
from marsad.accounts.models import User
from marsad.cases import access as cases_access
from marsad.core.actions import form_errors_to_messages
from marsad.core.errors import DomainError
from marsad.evidence import access, package, selectors, services
from marsad.evidence.choices import SafeCopy
from marsad.evidence.forms import CaptureForm, ReasonForm, UploadForm
from marsad.evidence.models import EvidenceItem

LOCKED_DOWN = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _back(item: EvidenceItem) -> HttpResponse:
    return redirect("evidence:item", public_id=item.public_id)


@require_safe
@staff_required
def item_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    item = access.item_for(_user(request), str(public_id))
    user = _user(request)
    return render(
        request,
        "evidence/item.html",
        {
            "item": item,
            "custody": selectors.evidence_custody(item),
            "reason_form": ReasonForm(),
            "can_download": user.has_perm(access.DOWNLOAD),
            "can_add": user.has_perm(access.ADD),
        },
    )


def _file_response(
    handle: object, *, filename: str, content_type: str, inline: bool
) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Content-Security-Policy"] = LOCKED_DOWN
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@staff_required
def item_safe_copy(request: HttpRequest, public_id: str) -> HttpResponseBase:
    item = access.item_for(_user(request), str(public_id))
    return _safe(request, item, thumbnail=False)


@require_safe
@staff_required
def item_thumbnail(request: HttpRequest, public_id: str) -> HttpResponseBase:
    item = access.item_for(_user(request), str(public_id))
    return _safe(request, item, thumbnail=True)


def _safe(request: HttpRequest, item: EvidenceItem, *, thumbnail: bool) -> HttpResponseBase:
    try:
        handle = services.evidence_safe_copy_open(
            item=item, actor=_user(request), thumbnail=thumbnail
        )
    except DomainError as exc:
        return HttpResponse(str(exc.message), status=404, content_type="text/plain; charset=utf-8")
    name = str(item.thumbnail.name if thumbnail else item.safe_copy.name)
    if item.safe_copy_kind == SafeCopy.TEXT:
        content_type = "text/plain; charset=utf-8"
    else:
        content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    return _file_response(
        handle, filename=name.rsplit("/", 1)[-1], content_type=content_type, inline=True
    )


@require_safe
@staff_required
def item_screenshot(request: HttpRequest, public_id: str) -> HttpResponseBase:
    item = access.item_for(_user(request), str(public_id))
    if not item.screenshot:
        return HttpResponse(
            _("This capture has no screenshot."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    handle = services.evidence_screenshot_open(item=item, actor=_user(request))
    return _file_response(
        handle, filename=f"{item.public_id}.png", content_type="image/png", inline=True
    )


@require_POST
@staff_required
def item_original(request: HttpRequest, public_id: str) -> HttpResponseBase:
    item = access.item_for(_user(request), str(public_id), permission=access.DOWNLOAD)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(item)
    try:
        handle = services.evidence_original_open(
            item=item, actor=_user(request), reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _back(item)
    extension = ".warc.gz" if item.is_capture else "." + str(item.original.name).rsplit(".", 1)[-1]
    return _file_response(
        handle,
        filename=f"{item.public_id}{extension}",
        content_type="application/octet-stream",
        inline=False,
    )


@require_POST
@staff_required
def item_retry(request: HttpRequest, public_id: str) -> HttpResponse:
    item = access.item_for(_user(request), str(public_id), permission=access.ADD)
    if services.evidence_capture_retry(item=item, actor=_user(request)):
        messages.success(request, _("The capture will be tried again."))
    else:
        messages.error(request, _("Only a failed capture can be tried again."))
    return _back(item)


@require_POST
@staff_required
def violation_upload(request: HttpRequest, pk: int) -> HttpResponse:
    violation = cases_access.violation_for(_user(request), pk)
    access.require(_user(request), access.ADD)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        services.evidence_add_file(
            violation=violation,
            checked=form.cleaned_data["file"],
            actor=_user(request),
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The file was added to the evidence."))
    else:
        form_errors_to_messages(request, form)
    return redirect("cases:violation", pk=violation.pk)


@require_POST
@staff_required
def violation_capture(request: HttpRequest, pk: int) -> HttpResponse:
    violation = cases_access.violation_for(_user(request), pk)
    access.require(_user(request), access.ADD)
    form = CaptureForm(request.POST)
    if form.is_valid():
        _item, created = services.evidence_capture_request(
            url=form.cleaned_data["url"], violation=violation, actor=_user(request)
        )
        if created:
            messages.success(request, _("The link will be captured in the background."))
        else:
            messages.info(request, _("This link was already asked for today."))
    else:
        form_errors_to_messages(request, form)
    return redirect("cases:violation", pk=violation.pk)


@require_POST
@staff_required
def report_capture_links(request: HttpRequest, pk: int) -> HttpResponse:
    report = cases_access.report_for(_user(request), pk)
    access.require(_user(request), access.ADD)
    items = services.evidence_capture_report_links(report=report, actor=_user(request))
    if items:
        messages.success(
            request,
            ngettext(
                "%(count)d link of this report will be captured in the background.",
                "%(count)d links of this report will be captured in the background.",
                len(items),
            )
            % {"count": len(items)},
        )
    else:
        messages.info(request, _("This report has no link to capture."))
    return redirect("cases:report", pk=report.pk)


@require_POST
@staff_required
def violation_package(request: HttpRequest, pk: int) -> HttpResponseBase:
    violation = cases_access.violation_for(_user(request), pk)
    access.require(_user(request), access.EXPORT)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("cases:violation", pk=violation.pk)
    try:
        archive = package.evidence_package_build(
            violation=violation, actor=_user(request), reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("cases:violation", pk=violation.pk)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"violation-{violation.pk}-evidence.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
