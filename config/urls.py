"""Root URLs: public pages under a language prefix, the staff area, the admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from config.api import api
from marsad.core.views import quick_exit

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    # The quick exit of every public page (no language: it only leaves).
    path("exit/", quick_exit, name="quick_exit"),
    path("staff/", include("marsad.accounts.urls")),
    path("staff/", include("marsad.cases.urls")),
    path("staff/", include("marsad.evidence.urls")),
    path("staff/", include("marsad.escalations.urls")),
    path("staff/", include("marsad.activities.urls_staff")),
    path("staff/", include("marsad.newsletter.urls_staff")),
    path("staff/", include("marsad.reporting.urls")),
    # django-allauth: sign-in steps, two-factor set-up, password reset (no sign-up, no social).
    path("staff/account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Probes and metrics (also answered early by marsad.ops.middleware.ProbeMiddleware).
    path("", include("marsad.ops.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("marsad.observatory.urls")),
    path("", include("marsad.intake.urls")),
    path("", include("marsad.activities.urls")),
    path("", include("marsad.newsletter.urls")),
    prefix_default_language=True,
)

handler400 = "marsad.core.views.bad_request"
handler500 = "marsad.core.views.server_error"
