from allauth.account import views as allauth_views
from django.urls import path

from marsad.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # allauth's sign-in (password, then the second factor), under the address staff know.
    path("sign-in/", allauth_views.login, name="login"),
    path("sign-out/", views.LogoutView.as_view(), name="logout"),
]
