from django.urls import path

from marsad.evidence import views

app_name = "evidence"
urlpatterns = [
    path("evidence/<uuid:public_id>/", views.item_detail, name="item"),
    path("evidence/<uuid:public_id>/safe/", views.item_safe_copy, name="safe_copy"),
    path("evidence/<uuid:public_id>/thumbnail/", views.item_thumbnail, name="thumbnail"),
    path("evidence/<uuid:public_id>/screenshot/", views.item_screenshot, name="screenshot"),
    path("evidence/<uuid:public_id>/original/", views.item_original, name="original"),
    path("evidence/<uuid:public_id>/retry/", views.item_retry, name="retry"),
    path("violations/<int:pk>/evidence/upload/", views.violation_upload, name="upload"),
    path("violations/<int:pk>/evidence/capture/", views.violation_capture, name="capture"),
    path("violations/<int:pk>/evidence/package/", views.violation_package, name="package"),
    path("reports/<int:pk>/evidence/capture/", views.report_capture_links, name="capture_links"),
]
