from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/code/", views.verify, name="verify"),
    path("login/set-up/", views.enrol, name="enrol"),
    path("logout/", views.logout, name="logout"),
    path("logged-out/", views.logged_out, name="logged_out"),
    path("", views.dashboard, name="dashboard"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password/", views.password_change, name="password_change"),
    path("forgot/", views.forgot, name="forgot"),
    path("forgot/code/", views.forgot_code, name="forgot_code"),
    path("reset/staff/", views.staff_code, name="staff_code"),
    path("reset/new-password/", views.new_password, name="new_password"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.session_end, name="session_end"),
    path("sessions/end-all/", views.sessions_end_all, name="sessions_end_all"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.my_data_json, name="my_data_json"),
    path("delete/", views.delete_account, name="delete"),
    path("staff/", views.staff_list, name="staff"),
    path(
        "staff/<int:user_id>/reset-second-factor/",
        views.staff_reset_second_factor,
        name="staff_reset_second_factor",
    ),
    path(
        "staff/<int:user_id>/reset-password/",
        views.staff_reset_password,
        name="staff_reset_password",
    ),
    path("staff/<int:user_id>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("coordinators/", views.coordinators, name="coordinators"),
]
