from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("", views.organisation_log, name="organisation_log")]
