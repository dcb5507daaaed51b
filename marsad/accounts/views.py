from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from marsad.accounts.access import staff_required
from marsad.accounts.selectors import staff_dashboard


class LogoutView(auth_views.LogoutView):
    pass


@require_safe
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html", {"dashboard": staff_dashboard()})


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """What axes answers instead of the sign-in page once a name and client are locked out
    (``AXES_LOCKOUT_CALLABLE``): 429, in the visitor's language, with the wait."""
    minutes = settings.SIGNIN_LOCKOUT_MINUTES
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
