from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("new/", views.new_session, name="new_session"),
    path("cards/", views.cards, name="cards"),
    path("cards/<id:pk>/", views.card, name="card"),
    path("card/", views.card_enter, name="card_enter"),
    path("c/<str:code>/", views.card_open, name="card_open"),
]
