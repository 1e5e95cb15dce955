"""Case work under /clients/. Every object URL starts with the client id and is resolved
through the user's visibility, so another organisation's id is simply not found."""

from django.urls import path

from . import daily_views, views
from .refusals import refusals_recorded

app_name = "trajectories"
urlpatterns = [
    path("", daily_views.my_clients, name="my_clients"),
    path("today/", daily_views.today, name="today"),
    path("agenda/", daily_views.agenda, name="agenda"),
    path("agenda/calendar/", daily_views.calendar, name="calendar"),
    path("agenda/calendar/<str:secret>.ics", daily_views.calendar_feed, name="calendar_feed"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.client_new, name="client_new"),
    path("<id:client_id>/", views.client, name="client"),
    path("<id:client_id>/details/", views.client_edit, name="client_edit"),
    path("<id:client_id>/contact/", views.contact_new, name="contact_new"),
    path("<id:client_id>/plan/", daily_views.plan, name="plan"),
    path("<id:client_id>/phase/", views.phase_change, name="phase"),
    path("<id:client_id>/status/", views.status_change, name="status"),
    path("<id:client_id>/direction/", views.direction_change, name="direction"),
    path("<id:client_id>/handover/", views.handover, name="handover"),
    path(
        "<id:client_id>/handover/<id:handover_id>/read/",
        daily_views.handover_read,
        name="handover_read",
    ),
    path("<id:client_id>/share/", views.share, name="share"),
    path("<id:client_id>/goals/new/", views.goal_new, name="goal_new"),
    path("<id:client_id>/goals/<id:goal_id>/", views.goal_status, name="goal_status"),
    path(
        "<id:client_id>/goals/<id:goal_id>/support/", views.support_action_new, name="support_new"
    ),
    path("<id:client_id>/referrals/new/", views.referral_new, name="referral_new"),
    path(
        "<id:client_id>/referrals/<id:referral_id>/",
        views.referral_update,
        name="referral_update",
    ),
    path("<id:client_id>/situation/", views.outcome_new, name="outcome_new"),
    path("<id:client_id>/aftercare/", views.aftercare, name="aftercare"),
    path("<id:client_id>/close/", views.close, name="close"),
    path("<id:client_id>/unseal/", views.unseal, name="unseal"),
    path("<id:client_id>/reopen/", views.reopen, name="reopen"),
    path("<id:client_id>/export.pdf", views.export_pdf, name="export_pdf"),
    path("<id:client_id>/export.json", views.export_json, name="export_json"),
    path("<id:client_id>/erase/", views.erase, name="erase"),
    path("<id:client_id>/tasks/new/", daily_views.task_new, name="task_new"),
    path("<id:client_id>/tasks/<id:task_id>/", daily_views.task_done, name="task_done"),
]


# Refused attempts on a client's pages are recorded in the audit log (see refusals.py).
for _pattern in urlpatterns:
    if "<id:client_id>" in str(_pattern.pattern):
        _pattern.callback = refusals_recorded(_pattern.callback)
