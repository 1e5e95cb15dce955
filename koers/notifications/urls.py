from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notices, name="list"),
    path("read/", views.read, name="read"),
    path("digest/", views.digest, name="digest"),
]
