"""Outreach pages for staff: log a fieldwork session, see the sessions one may see."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from koers.accounts.access import staff_required
from koers.accounts.models import Role

from . import selectors, services
from .forms import FieldworkForm

OUTREACH_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR)


def _initial(request: HttpRequest) -> dict[str, object]:
    initial: dict[str, object] = {"held_on": timezone.localdate()}
    last = selectors.last_session(request.user)  # type: ignore[arg-type]
    if last is not None:
        initial.update(
            setting=last.setting,
            venue=last.venue,
            platform=last.platform,
            municipality=last.municipality_id,
        )
    return initial


@staff_required(*OUTREACH_ROLES)
@require_http_methods(["GET", "POST"])
def new_session(request: HttpRequest) -> HttpResponse:
    """Log a fieldwork session: counts only, no names."""
    if request.method == "GET":
        form = FieldworkForm(initial=_initial(request))
        return render(request, "outreach/session_form.html", {"form": form})
    form = FieldworkForm(request.POST)
    if form.is_valid():
        services.record_from_form(
            request.user.organisation,  # type: ignore[union-attr]
            request.user,  # type: ignore[arg-type]
            form.cleaned_data,
        )
        messages.success(request, _("Session saved. Thank you."))
        return redirect("outreach:sessions")
    return render(request, "outreach/session_form.html", {"form": form}, status=200)


@staff_required(*OUTREACH_ROLES)
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    """The sessions one may see: the coordinator's organisation's, a worker's own."""
    visible = list(selectors.visible_sessions(request.user)[:200])  # type: ignore[arg-type]
    is_coordinator = request.user.has_role(Role.COORDINATOR)  # type: ignore[union-attr]
    return render(
        request,
        "outreach/sessions.html",
        {"sessions": visible, "is_coordinator": is_coordinator},
    )
