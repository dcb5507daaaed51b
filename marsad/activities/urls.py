from django.urls import path

from marsad.activities import views
from marsad.activities.feeds import PublicationsFeed

app_name = "activities"
urlpatterns = [
    path("publications/", views.publications, name="publications"),
    path("publications/feed/", PublicationsFeed(), name="publications_feed"),
    path("publications/<int:pk>/", views.publication, name="publication"),
    path(
        "publications/<int:pk>/document/<str:language>/",
        views.publication_document,
        name="publication_document",
    ),
]
