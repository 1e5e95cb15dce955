"""Case work under /clients/. Every object URL starts with the client id and is resolved
through the user's visibility, so another organisation's id is simply not found."""

from django.urls import path

from . import views

app_name = "trajectories"
urlpatterns = [
    path("", views.my_clients, name="my_clients"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.client_new, name="client_new"),
    path("<id:client_id>/", views.client, name="client"),
    path("<id:client_id>/details/", views.client_edit, name="client_edit"),
    path("<id:client_id>/contact/", views.contact_new, name="contact_new"),
    path("<id:client_id>/phase/", views.phase_change, name="phase"),
    path("<id:client_id>/status/", views.status_change, name="status"),
    path("<id:client_id>/direction/", views.direction_change, name="direction"),
    path("<id:client_id>/handover/", views.handover, name="handover"),
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
]
