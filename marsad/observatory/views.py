"""Public pages: home, about, staying safe, the database of published violations, one violation, the
statistics with their charts, and the open-data downloads. Every view reads its filters
through ``filters.PublicFilter``, the same as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from marsad.core.i18n import direction
from marsad.core.pagination import CappedPaginator
from marsad.escalations.selectors import public_outcomes
from marsad.observatory import charts, csv_copy, exports, selectors
from marsad.observatory.access import limit_export, public_violation_or_404
from marsad.observatory.caching import cached
from marsad.observatory.disclosure import shown
from marsad.observatory.errors import TooManyRequests
from marsad.observatory.filters import PublicFilter
from marsad.observatory.terms import term_labels
from marsad.taxonomy.models import Platform
from marsad.taxonomy.selectors import violation_type_groups


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/home.html", {"figures": selectors.home_figures()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/about.html", {"groups": violation_type_groups()})


@require_safe
def staying_safe(request: HttpRequest) -> HttpResponse:
    """What Marsad keeps about a reporter and for how long, and how to stay safe."""
    return render(
        request,
        "observatory/staying_safe.html",
        {
            "onion_url": settings.MARSAD_ONION_URL,
            "followup_minutes": settings.INTAKE_FOLLOWUP_SESSION_SECONDS // 60,
        },
    )


def _page(filters: PublicFilter, number: str | None) -> Page[Any]:
    cap = selectors.COUNT_CAP
    try:
        wanted = max(1, min(int(number or 1), selectors.MAX_PAGES))
    except ValueError:
        wanted = 1
    count = selectors.public_count(filters=filters, cap=cap)  # cached; the page needs it
    violations = selectors.violation_list_public(filters=filters)
    paginator = CappedPaginator(violations, selectors.PAGE_SIZE, cap=cap, count=lambda: count)
    page = paginator.get_page(wanted)
    # The page's rows, read the way its count says is cheapest (the slice above is not run).
    page.object_list = selectors.violation_page_public(
        filters=filters,
        offset=(page.number - 1) * selectors.PAGE_SIZE,
        limit=selectors.PAGE_SIZE,
        count=count,
    )
    return page


def _citation(violation: Any, url: str) -> str:
    published = timezone.localdate(violation.published_at or violation.documented_at)
    return _(
        "Marsad, documented violation no. %(id)s, published %(date)s, %(url)s (consulted "
        "%(today)s)."
    ) % {
        "id": violation.pk,
        "date": published.isoformat(),
        "url": url,
        "today": timezone.localdate().isoformat(),
    }


@require_safe
def violations(request: HttpRequest) -> HttpResponse:
    filters = PublicFilter(request.GET)
    valid = filters.is_valid()
    page = _page(filters, request.GET.get("page")) if valid else None
    rows = selectors.public_items(list(page.object_list)) if page is not None else []
    query = filters.query_string() if valid else ""
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "query": query,
        "stats_query": filters.query_string(stats=True) if valid else "",
        "page_query": filters.query_string(page=None) if valid else "",
        "max_pages": selectors.MAX_PAGES,
    }
    return render(request, "observatory/violations.html", context, status=200 if valid else 400)


@require_safe
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    violation = public_violation_or_404(pk)
    url = request.build_absolute_uri(reverse("observatory:violation", args=[violation.pk]))
    item = selectors.public_items([violation])[0]
    summary = item.summary
    return render(
        request,
        "observatory/violation.html",
        {
            "item": item,
            "violation": violation,
            "summary": summary,
            "other_summaries": [
                s for s in violation.summaries.all() if summary is None or s.pk != summary.pk
            ],
            "citation": _citation(violation, url),
            "url": url,
            "outcomes": public_outcomes(violation),
        },
    )


def _stats_context(filters: PublicFilter) -> dict[str, Any]:
    """The figures as the small-number rule gives them; a table shows the categories with a
    figure and one line for all the others, withheld ("fewer than k each")."""
    stats = selectors.statistics(filters=filters)
    escalations = selectors.escalation_statistics(filters=filters)
    breakdowns = [
        (breakdown, shown(cells), len(shown(cells)) < len(cells))
        for breakdown in selectors.BREAKDOWNS
        for cells in [stats.breakdowns[breakdown.name]]
    ]
    return {
        "stats": stats,
        "breakdowns": breakdowns,
        "escalations": escalations,
        "outcomes": shown(escalations.outcomes),
        "other_outcomes": len(shown(escalations.outcomes)) < len(escalations.outcomes),
        # With k = 1 nothing is withheld: a platform without a row has no case.
        "other_platforms": settings.OBSERVATORY_MIN_CELL > 1
        and len(escalations.platforms) < len(term_labels(Platform)),
    }


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    filters = PublicFilter(request.GET, for_stats=True)
    valid = filters.is_valid()
    context: dict[str, Any] = {
        "filters": filters,
        "query": filters.query_string() if valid else "",
        "min_cell": settings.OBSERVATORY_MIN_CELL,
        "hidden_at_most": settings.OBSERVATORY_MIN_CELL - 1,
    }
    if valid:
        context.update(_stats_context(filters))
    return render(request, "observatory/statistics.html", context, status=200 if valid else 400)


CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}


@require_safe
@csp_override(CHART_CSP)
def chart(request: HttpRequest, name: str) -> HttpResponse:
    """One chart of the statistics page as SVG (text as paths), for the same filters."""
    if name not in ("months", "outcomes") and name not in selectors.BREAKDOWN_NAMES:
        raise Http404
    filters = PublicFilter(request.GET, for_stats=True)
    if not filters.is_valid():
        return HttpResponse(_("The filters are not valid."), status=400, content_type="text/plain")
    language = translation.get_language() or settings.LANGUAGE_CODE
    rtl = direction(language) == "rtl"
    k = settings.OBSERVATORY_MIN_CELL

    def draw() -> bytes:
        stats = selectors.statistics(filters=filters, only=[name])
        if name == "months":
            return charts.month_chart(stats.months, rtl=rtl, language=language, min_cell=k)
        cells = (
            selectors.escalation_statistics(filters=filters).outcomes
            if name == "outcomes"
            else stats.breakdowns[name]
        )
        return charts.bar_chart(
            shown(cells),  # the categories with a figure; the page's table says the rest
            rtl=rtl,
            language=language,
            min_cell=k,
            fewer_label=_("fewer than %(k)s") % {"k": k},
        )

    svg = cached(f"chart:{name}", filters.query_string(), draw, per_language=True)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- Open data --------------------------------------------------------------------------------


def _export_filters(request: HttpRequest) -> PublicFilter | HttpResponse:
    try:
        limit_export(request)
    except TooManyRequests as exc:
        return JsonResponse({"code": exc.code, "message": str(exc.message)}, status=429)
    filters = PublicFilter(request.GET)
    if not filters.is_valid():
        return JsonResponse(
            {
                "code": "observatory.invalid_filters",
                "message": _("The filters are not valid."),
                "errors": filters.errors_by_name(),
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return filters


def _url_for(request: HttpRequest) -> Callable[[int], str]:
    prefix = request.build_absolute_uri(reverse("observatory:violations"))
    return lambda pk: f"{prefix}{pk}/"


def _meta(request: HttpRequest, filters: PublicFilter) -> dict[str, Any]:
    return {
        "title": _("Documented digital rights violations published by Marsad"),
        "source": request.build_absolute_uri(reverse("observatory:violations")),
        "filters": filters.query_string(),
        "licence": settings.OBSERVATORY_DATA_LICENCE,
        "licence_url": settings.OBSERVATORY_DATA_LICENCE_URL,
        "citation": _dataset_citation(request),
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
    }


def _dataset_citation(request: HttpRequest) -> str:
    return _("Marsad, documented digital rights violations (open data), %(url)s, %(date)s.") % {
        "url": request.build_absolute_uri(reverse("observatory:violations")),
        "date": timezone.localdate().isoformat(),
    }


def _filename(extension: str) -> str:
    return f"marsad-violations-{timezone.localdate().isoformat()}.{extension}"


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = _export_filters(request)
    if isinstance(filters, HttpResponse):
        return filters
    if csv_copy.available():  # PostgreSQL writes the file (same bytes, five times faster)
        prefix = request.build_absolute_uri(reverse("observatory:violations"))
        body = csv_copy.csv_copy_stream(filters=filters, url_prefix=prefix)
    else:
        body = exports.csv_stream(selectors.export_rows(filters=filters, url_for=_url_for(request)))
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


@require_safe
def export_json(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = _export_filters(request)
    if isinstance(filters, HttpResponse):
        return filters
    rows = selectors.export_rows(filters=filters, url_for=_url_for(request))
    response = StreamingHttpResponse(
        exports.json_stream(rows, meta=_meta(request, filters)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


@require_safe
def export_xlsx(request: HttpRequest) -> HttpResponse | FileResponse:
    filters = _export_filters(request)
    if isinstance(filters, HttpResponse):
        return filters
    rows = selectors.export_rows(filters=filters, url_for=_url_for(request))
    return FileResponse(
        exports.xlsx_file(rows),
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_safe
def datapackage(request: HttpRequest) -> HttpResponse:
    filters = PublicFilter(request.GET)
    if not filters.is_valid():
        return JsonResponse({"errors": filters.errors_by_name()}, status=400)
    query = filters.query_string()
    csv_url = request.build_absolute_uri(reverse("observatory:export_csv"))
    body = exports.datapackage(
        csv_url=f"{csv_url}?{query}" if query else csv_url,
        home_url=request.build_absolute_uri(reverse("observatory:violations")),
        title=_("Documented digital rights violations published by Marsad"),
        citation=_dataset_citation(request),
    )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
