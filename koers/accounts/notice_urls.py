"""Addresses of the worker's notices (``notifications:*``; the views are in accounts)."""

from django.urls import path

from . import notices

app_name = "notifications"
urlpatterns = [
    path("", notices.notices, name="list"),
    path("read/", notices.read, name="read"),
    path("digest/", notices.digest, name="digest"),
]
