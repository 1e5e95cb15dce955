from django.urls import path

from . import views

app_name = "selfcheck"
urlpatterns = [
    path("", views.check, name="check"),
    path("result/", views.result, name="result"),
    path("information/", views.topics, name="topics"),
]
