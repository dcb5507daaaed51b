from django.urls import path

from marsad.observatory import views

app_name = "observatory"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
]
