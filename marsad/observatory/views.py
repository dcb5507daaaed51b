from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from marsad.observatory import selectors
from marsad.taxonomy.selectors import violation_type_groups


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/home.html", {"figures": selectors.home_figures()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/about.html", {"groups": violation_type_groups()})
