"""Outreach pages: for staff, log a fieldwork session, see the sessions one may see and make
contact cards; for everyone, open a contact card's contact request."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from koers.accounts.access import public, staff_required
from koers.accounts.models import Role
from koers.converters import parse_id

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


# --- contact cards ---------------------------------------------------------------------------


@staff_required(*OUTREACH_ROLES)
@require_http_methods(["GET", "POST"])
def cards(request: HttpRequest) -> HttpResponse:
    """The organisation's contact cards; make a new one for one of its services."""
    user = request.user
    choices = selectors.card_services(user)  # type: ignore[arg-type]
    error = ""
    if request.method == "POST":
        raw = request.POST.get("service", "")
        service_id = parse_id(raw)
        service = choices.filter(pk=service_id).first() if service_id is not None else None
        if service is None:
            error = _("Choose one of your organisation's services.")
        else:
            card = services.issue_card(
                organisation=user.organisation,  # type: ignore[union-attr]
                service=service,
                by=user,  # type: ignore[arg-type]
            )
            return redirect("outreach:card", pk=card.pk)
    return render(
        request,
        "outreach/cards.html",
        {
            "cards": list(selectors.organisation_cards(user)[:100]),  # type: ignore[arg-type]
            "services": list(choices),
            "error": error,
        },
        status=400 if error else 200,
    )


@staff_required(*OUTREACH_ROLES)
@require_GET
def card(request: HttpRequest, pk: int) -> HttpResponse:
    """One card, ready to print or to send: the code and a QR code of its address."""
    found = get_object_or_404(selectors.organisation_cards(request.user), pk=pk)  # type: ignore[arg-type]
    url = request.build_absolute_uri(reverse("outreach:card_open", args=[found.code]))
    qr = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code of the contact card"))
    enter_url = request.build_absolute_uri(reverse("outreach:card_enter"))
    return render(request, "outreach/card.html", {"card": found, "enter_url": enter_url, "qr": qr})


def _to_contact_form(code: str) -> HttpResponse:
    found = selectors.card_by_code(code)
    if found is None:
        return redirect(f"{reverse('contact:new')}?card=unknown")
    return redirect(f"{reverse('contact:new')}?service={found.service_id}&via=outreach")


@public
@require_GET
def card_open(request: HttpRequest, code: str) -> HttpResponse:
    """The address in a card's QR code: the contact form, addressed to the card's service.
    An unknown or expired code opens the ordinary form with a short note, never an error."""
    return _to_contact_form(code)


@public
@require_http_methods(["GET", "POST"])
def card_enter(request: HttpRequest) -> HttpResponse:
    """Type the code from a card."""
    if request.method == "POST":
        return _to_contact_form(request.POST.get("code", ""))
    return render(request, "outreach/card_enter.html")
