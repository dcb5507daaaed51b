"""The public pages of the organisation's record: publications, their documents, the feed
(feeds.py). Staff pages are in views_staff.py."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from marsad.activities import selectors
from marsad.activities.choices import PublicationKind


@require_safe
def publications(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in PublicationKind.values:
        kind = ""
    page = Paginator(selectors.publications_public(kind=kind or None), selectors.PUBLIC_PAGE_SIZE)
    current = page.get_page(request.GET.get("page"))
    return render(
        request,
        "activities/publications.html",
        {
            "page": current,
            "items": [selectors.publication_card(p) for p in current.object_list],
            "kinds": PublicationKind.choices,
            "kind": kind,
        },
    )


@require_safe
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.publication_public(pk)
    if found is None:
        raise Http404
    return render(
        request,
        "activities/publication.html",
        {
            "item": selectors.publication_card(found),
            "versions": selectors.publication_versions(found),
        },
    )


@require_safe
def publication_document(request: HttpRequest, pk: int, language: str) -> FileResponse:
    """A language version's PDF, as a download (never shown inline from our origin)."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    version = selectors.publication_document(pk, language)
    if version is None:
        raise Http404
    try:
        handle = version.document.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"publication-{pk}-{language}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
