from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("", views.start, name="start"),
    path("continue/", views.resume_form, name="resume_form"),
    path("qr.svg", views.qr_code, name="qr_code"),
    path("link/", views.link_use, name="link_use"),
    path("link/<str:token>/", views.link, name="link"),
    path("answers/", views.resume, name="resume"),
    path("answers/saved/", views.saved, name="saved"),
    path("answers/done/", views.done, name="done"),
    path("answers/stop/", views.stop, name="stop"),
    path("answers/<slug:page>/", views.page, name="page"),
    path("invite/", views.invite, name="invite"),
    path("calls/", views.call_tasks, name="call_tasks"),
    path("calls/<int:task_id>/done/", views.call_task_done, name="call_task_done"),
    path("reports/", views.report, name="report"),
    path("reports/export.<str:fmt>", views.report_export, name="report_export"),
    path("data/export.csv", views.data_export, name="data_export"),
    path("data/import/", views.data_import, name="data_import"),
]
