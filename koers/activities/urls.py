from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.listing, name="listing"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/calendar.ics", views.ical, name="ical"),
    path("cancel/", views.cancel, name="cancel"),
    path("organise/", views.manage, name="manage"),
    path("organise/new/", views.publish, name="publish"),
    path("organise/<int:pk>/", views.organiser, name="organiser"),
    path("organise/<int:pk>/update/", views.organiser_update, name="organiser_update"),
]
