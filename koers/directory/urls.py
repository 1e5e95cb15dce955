from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("signpost/", views.signpost, name="signpost"),
    path("manage/", views.manage, name="manage"),
    path("manage/services/new/", views.service_new, name="service_new"),
    path("manage/services/<id:pk>/", views.service_edit, name="service_edit"),
    path("manage/services/<id:pk>/verify/", views.service_verify, name="service_verify"),
    path("manage/locations/new/", views.location_new, name="location_new"),
    path("manage/locations/<id:pk>/", views.location_edit, name="location_edit"),
]
