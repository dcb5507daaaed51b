from django.urls import path

from marsad.activities import views_imports
from marsad.activities import views_staff as views

app_name = "activities_staff"
urlpatterns = [
    path("activities/", views.home, name="home"),
    path("activities/publications/", views.publications, name="publications"),
    path("activities/publications/new/", views.publication_new, name="publication_new"),
    path("activities/publications/<int:pk>/", views.publication_edit, name="publication_edit"),
    path(
        "activities/publications/<int:pk>/publish/",
        views.publication_publish,
        name="publication_publish",
    ),
    path(
        "activities/publications/<int:pk>/unpublish/",
        views.publication_unpublish,
        name="publication_unpublish",
    ),
    path("activities/trainings/", views.trainings, name="trainings"),
    path("activities/trainings/new/", views.training_new, name="training_new"),
    path("activities/trainings/<int:pk>/", views.training_edit, name="training_edit"),
    path(
        "activities/trainings/<int:pk>/attendance/",
        views_imports.training_attendance,
        name="training_attendance",
    ),
    path("activities/assessments/", views.assessments, name="assessments"),
    path("activities/assessments/new/", views.assessment_new, name="assessment_new"),
    path("activities/assessments/<int:pk>/", views.assessment_edit, name="assessment_edit"),
    path("activities/events/", views.events, name="events"),
    path("activities/events/new/", views.event_new, name="event_new"),
    path("activities/events/<int:pk>/", views.event_edit, name="event_edit"),
    path("activities/campaigns/", views.campaigns, name="campaigns"),
    path("activities/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("activities/campaigns/<int:pk>/", views.campaign_edit, name="campaign_edit"),
    path("activities/milestones/", views.milestones, name="milestones"),
    path("activities/milestones/new/", views.milestone_new, name="milestone_new"),
    path("activities/milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("activities/media/", views.media_mentions, name="media"),
    path("activities/media/new/", views.media_mention_new, name="media_new"),
    path("activities/media/<int:pk>/", views.media_mention_edit, name="media_edit"),
    path("activities/communications/", views.communications, name="communications"),
    path("activities/communications/new/", views.communications_new, name="communications_new"),
    path(
        "activities/communications/<int:pk>/",
        views.communications_edit,
        name="communications_edit",
    ),
    path(
        "activities/communications/import/",
        views_imports.communications_import,
        name="communications_import",
    ),
    path("activities/organisations/", views.organisations, name="organisations"),
    path("activities/organisations/new/", views.organisation_new, name="organisation_new"),
    path("activities/organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
]
