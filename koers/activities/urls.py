from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.listing, name="listing"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/calendar.ics", views.ical, name="ical"),
    path("cancel/", views.cancel, name="cancel"),
    path("organise/", views.manage, name="manage"),
    path("organise/new/", views.publish, name="publish"),
    path("organise/<id:pk>/", views.organiser, name="organiser"),
    path("organise/<id:pk>/update/", views.organiser_update, name="organiser_update"),
]
