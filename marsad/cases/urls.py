from django.urls import path

from marsad.cases import views

app_name = "cases"
urlpatterns = [
    path("reports/", views.inbox, name="inbox"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/open/", views.report_open, name="report_open"),
    path("reports/<int:pk>/attach/", views.report_attach, name="report_attach"),
    path("reports/<int:pk>/triage/", views.report_triage, name="report_triage"),
    path("reports/<int:pk>/contact/", views.report_contact, name="report_contact"),
    path("violations/", views.violation_list, name="violations"),
    path("violations/<int:pk>/", views.violation_detail, name="violation"),
    path("violations/<int:pk>/classify/", views.violation_classify, name="violation_classify"),
    path("violations/<int:pk>/status/", views.violation_status, name="violation_status"),
    path("violations/<int:pk>/victims/", views.violation_victim, name="violation_victim"),
    path("violations/<int:pk>/ask/", views.violation_ask, name="violation_ask"),
    path("violations/<int:pk>/note/", views.violation_note, name="violation_note"),
    path("violations/<int:pk>/assign/", views.violation_assign, name="violation_assign"),
    path("violations/<int:pk>/merge/", views.violation_merge, name="violation_merge"),
    path("violations/<int:pk>/split/", views.violation_split, name="violation_split"),
    path("violations/<int:pk>/summary/", views.violation_summary, name="violation_summary"),
    path("violations/<int:pk>/publish/", views.violation_publish, name="violation_publish"),
]
