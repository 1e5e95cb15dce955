from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/code/", views.verify, name="verify"),
    path("login/set-up/", views.enrol, name="enrol"),
    path("logout/", views.logout, name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("staff/", views.staff_list, name="staff"),
    path(
        "staff/<id:user_id>/reset-second-factor/",
        views.staff_reset_second_factor,
        name="staff_reset_second_factor",
    ),
    path("staff/<id:user_id>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
]
