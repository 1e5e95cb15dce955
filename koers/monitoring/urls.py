from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("national/", views.national, name="national"),
    path("export.<str:fmt>", views.export, name="export"),
]
