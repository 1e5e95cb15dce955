from django.urls import path

from . import views

app_name = "safety"
urlpatterns = [
    path("", views.index, name="index"),
    path("join/", views.join, name="join"),
    path("member/", views.member_home, name="member_home"),
    path("member/settings/", views.member_settings, name="member_settings"),
    path("member/second-factor/", views.second_factor, name="second_factor"),
    path("warnings/", views.warnings, name="warnings"),
    path("report/", views.report, name="report"),
    path("report/anonymous/", views.report_anonymous, name="report_anonymous"),
    path("report/on-behalf/", views.report_on_behalf, name="report_on_behalf"),
    path("report/thanks/", views.report_thanks, name="report_thanks"),
    path("remove-or-correct/", views.public_request, name="public_request"),
    path("remove-or-correct/sent/", views.public_request_sent, name="public_request_sent"),
    path("check/", views.check, name="check"),
    path("check/bulk/", views.check_bulk, name="check_bulk"),
    path("vouch/", views.vouch, name="vouch"),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"
    ),
    path("moderation/", views.queue, name="queue"),
    path("moderation/reports/<int:report_id>/", views.moderate, name="moderate"),
    path("moderation/warnings/", views.published_warnings, name="published_warnings"),
    path("moderation/warnings/<int:warning_id>/", views.warning_edit, name="warning_edit"),
    path("moderation/members/", views.members, name="members"),
    path("moderation/members/<int:profile_id>/status/", views.member_status, name="member_status"),
    path("moderation/requests/", views.requests, name="requests"),
    path("moderation/requests/<int:request_id>/", views.request_decide, name="request_decide"),
    path("moderation/police-export/", views.police_export, name="police_export"),
]
