from django.urls import path

from . import views

app_name = "contact"
urlpatterns = [
    path("", views.new, name="new"),
    path("status/", views.status, name="status"),
    path("status/withdraw/", views.withdraw, name="withdraw"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<id:pk>/", views.detail, name="request"),
    path("inbox/<id:pk>/update/", views.update, name="request_update"),
    path("register/", views.register, name="register"),
]
