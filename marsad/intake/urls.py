from django.urls import path

from marsad.intake import views

app_name = "intake"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/follow-up/", views.followup_start, name="followup_start"),
    path("report/follow-up/case/", views.followup_case, name="followup_case"),
    path("report/follow-up/withdraw/", views.followup_withdraw, name="followup_withdraw"),
    path("report/follow-up/leave/", views.followup_leave, name="followup_leave"),
]
