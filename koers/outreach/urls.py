from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("new/", views.new_session, name="new_session"),
]
