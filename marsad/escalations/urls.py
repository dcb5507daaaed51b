from django.urls import path

from marsad.escalations import views

app_name = "escalations"
urlpatterns = [
    path("escalations/", views.ledger, name="ledger"),
    path("escalations/statistics/", views.statistics, name="statistics"),
    path("escalations/<int:pk>/", views.detail, name="detail"),
    path("escalations/<int:pk>/answer/", views.answer, name="answer"),
    path("escalations/<int:pk>/outcome/", views.close, name="close"),
    path("escalations/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("escalations/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("escalations/batches/", views.batches, name="batches"),
    path("escalations/batches/new/", views.batch_new, name="batch_new"),
    path("escalations/batches/<int:pk>/", views.batch, name="batch"),
    path("escalations/batches/<int:pk>/package.json", views.batch_json, name="batch_json"),
    path("escalations/batches/<int:pk>/package.csv", views.batch_csv, name="batch_csv"),
    path("escalations/batches/<int:pk>/package.pdf", views.batch_pdf, name="batch_pdf"),
    path("escalations/batches/<int:pk>/files.zip", views.batch_files, name="batch_files"),
    path("escalations/batches/<int:pk>/sent/", views.batch_send, name="batch_send"),
    path("escalations/batches/<int:pk>/remove/", views.batch_remove, name="batch_remove"),
    path("escalations/batches/<int:pk>/discard/", views.batch_discard, name="batch_discard"),
]
