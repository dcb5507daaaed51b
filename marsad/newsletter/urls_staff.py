from django.urls import path

from marsad.newsletter import views

app_name = "newsletter_staff"
urlpatterns = [
    path("newsletter/", views.staff_home, name="home"),
    path("newsletter/mailings/new/", views.mailing_new, name="mailing_new"),
    path("newsletter/mailings/<int:pk>/", views.mailing_detail, name="mailing"),
    path("newsletter/mailings/<int:pk>/edit/", views.mailing_edit, name="mailing_edit"),
    path("newsletter/mailings/<int:pk>/send/", views.mailing_send, name="mailing_send"),
    path("newsletter/mailings/<int:pk>/cancel/", views.mailing_cancel, name="mailing_cancel"),
    path("newsletter/mailings/<int:pk>/resume/", views.mailing_resume, name="mailing_resume"),
    path("newsletter/subscribers/", views.subscribers, name="subscribers"),
    path("newsletter/subscribers/<int:pk>/", views.subscriber_detail, name="subscriber"),
    path(
        "newsletter/subscribers/<int:pk>/reveal/", views.subscriber_reveal, name="subscriber_reveal"
    ),
    path(
        "newsletter/subscribers/<int:pk>/export/", views.subscriber_export, name="subscriber_export"
    ),
    path("newsletter/subscribers/<int:pk>/erase/", views.subscriber_erase, name="subscriber_erase"),
    path("newsletter/bounces/", views.bounces, name="bounces"),
]
