"""Staff pages for the imports of the organisation's record: a training's attendance list and
the communications figures of a social media export (CSV or XLSX), each with a dry run and a
report per row (importing.py does the work). Every view: authorise, parse a form, call the
import, render."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from marsad.accounts.access import staff_required
from marsad.accounts.models import User
from marsad.activities import forms, importing
from marsad.activities.models import Training
from marsad.core.access import require


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _saved_upload(upload: UploadedFile) -> Path:
    """The upload in a private temporary file with its own extension (the spreadsheet reader
    streams from a path and picks CSV or XLSX by it); deleted as soon as it is read."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in {".csv", ".tsv", ".txt", ".xlsx"}:
        suffix = ".csv"
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115
    with handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return Path(handle.name)


def _import(
    form: forms.ImportForm,
    run: Callable[[Path, list[importing.RowResult]], Any],
) -> tuple[list[importing.RowResult], Any, str]:
    """Run an import on the uploaded file; the rows, the result and an error (or "")."""
    rows: list[importing.RowResult] = []
    path = _saved_upload(form.cleaned_data["file"])
    try:
        # Messages of the imports are in English for everyone (like ``marsad import``).
        with translation.override("en"):
            return rows, run(path, rows), ""
    except importing.ImportFailed as exc:
        return rows, None, str(exc.message)
    finally:
        path.unlink(missing_ok=True)


@require_http_methods(["GET", "POST"])
@staff_required
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), "activities.change_training")
    training = get_object_or_404(Training, pk=pk)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "training": training}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            rows, result, error = _import(
                form,
                lambda path, rows: importing.attendance_import(
                    training=training,
                    path=path,
                    dry_run=form.cleaned_data["dry_run"],
                    on_row=rows.append,
                ),
            )
            context.update(rows=rows, result=result, error=error)
            status = 400 if error else 200
        else:
            status = 400
    return render(request, "activities/staff/attendance.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def communications_import(request: HttpRequest) -> HttpResponse:
    require(
        _user(request),
        "activities.add_communicationsfigure",
        "activities.change_communicationsfigure",
    )
    form = forms.CommunicationsImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            rows, result, error = _import(
                form,
                lambda path, rows: importing.communications_import(
                    path=path,
                    channel=form.cleaned_data["channel"] or None,
                    dry_run=form.cleaned_data["dry_run"],
                    on_row=rows.append,
                ),
            )
            context.update(rows=rows, result=result, error=error)
            status = 400 if error else 200
        else:
            status = 400
    return render(request, "activities/staff/communications_import.html", context, status=status)
