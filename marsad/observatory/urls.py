from django.urls import path

from marsad.observatory import views

app_name = "observatory"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("staying-safe/", views.staying_safe, name="staying_safe"),
    path("violations/", views.violations, name="violations"),
    path("violations/<int:pk>/", views.violation_detail, name="violation"),
    path("violations/export.csv", views.export_csv, name="export_csv"),
    path("violations/export.json", views.export_json, name="export_json"),
    path("violations/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("violations/datapackage.json", views.datapackage, name="datapackage"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/charts/<slug:name>.svg", views.chart, name="chart"),
]
