"""The worker's notices: the list (marking them read) and the daily-digest choice.

The pages live in accounts, not notifications: they need the staff access decorators, and
accounts sends notices (notifications), so views in notifications would make the two core
apps a cycle. The URL names stay ``notifications:*``.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.converters import parse_id
from koers.notifications import inbox

from .access import staff_required

PAGE = 100


@staff_required()
@require_http_methods(["GET"])
def notices(request: HttpRequest) -> HttpResponse:
    items = list(inbox.notices_for(request.user)[:PAGE])
    return render(
        request,
        "notifications/notices.html",
        {"notices": items, "daily": inbox.wants_daily_digest(request.user)},
    )


@staff_required()
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    """Mark one notice read and follow its link, or mark all read."""
    raw = request.POST.get("notice", "")
    notice_id = parse_id(raw)
    if notice_id is not None:
        notice = inbox.notices_for(request.user).filter(pk=notice_id).first()
        if notice is not None:
            inbox.mark_read(request.user, [notice.pk])
            if notice.link.startswith("/") and not notice.link.startswith("//"):
                return redirect(notice.link)
        return redirect("notifications:list")
    inbox.mark_read(request.user)
    messages.success(request, _("All notices were marked read."))
    return redirect("notifications:list")


@staff_required()
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    daily = request.POST.get("daily") == "1"
    inbox.set_daily_digest(request.user, daily)
    messages.success(
        request,
        _("You will get a daily mail with the counts.")
        if daily
        else _("You will not get a daily mail."),
    )
    return redirect("notifications:list")
