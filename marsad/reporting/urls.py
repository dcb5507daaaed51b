from django.urls import path

from marsad.reporting import views

app_name = "reporting"
urlpatterns = [
    path("periodic-reports/", views.reports, name="reports"),
    path("periodic-reports/<int:pk>/", views.report, name="report"),
    path("periodic-reports/<int:pk>/generate/", views.generate, name="generate"),
    path("periodic-reports/<int:pk>/check/", views.check, name="check"),
    path(
        "periodic-reports/<int:pk>/versions/<int:version>/<str:language>.pdf", views.pdf, name="pdf"
    ),
    path("periodic-reports/<int:pk>/summary/", views.summary, name="summary"),
    path("periodic-reports/<int:pk>/sections/new/", views.section_new, name="section_new"),
    path(
        "periodic-reports/<int:pk>/sections/<int:section>/", views.section_edit, name="section_edit"
    ),
    path(
        "reports/<int:pk>/sections/<int:section>/delete/",
        views.section_delete,
        name="section_delete",
    ),
    path("periodic-reports/<int:pk>/notable/", views.notable, name="notable"),
    path("periodic-reports/<int:pk>/publication/", views.publication, name="publication"),
]
