from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("browse-safely/", views.browse_safely, name="browse_safely"),
]
