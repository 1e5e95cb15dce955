"""Activity pages: the public listing, an activity with registration, its iCalendar file and
cancellation by code (POST, so the code never sits in a URL or a log); for organisers, their
organisation's activities, publishing, the attendee list, cancelling and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.accounts.access import public, staff_required
from koers.accounts.models import Role
from koers.audit.services import log_read

from . import selectors, services
from .calendar import ical_for
from .forms import ActivityForm, AttendanceForm, CodeForm, ListingForm, RegistrationForm
from .models import Activity

ORGANISER_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR)


@public
@require_GET
def listing(request: HttpRequest) -> HttpResponse:
    form = ListingForm(request.GET or None)
    criteria = selectors.Listing()
    if form.is_valid():
        criteria = selectors.Listing(
            region=form.cleaned_data["region"],
            from_date=form.cleaned_data["from_date"],
            language=form.cleaned_data["language"],
            kind=form.cleaned_data["kind"],
        )
    return render(
        request,
        "activities/listing.html",
        {"form": form, "activities": selectors.upcoming(criteria)},
    )


def _activity_or_404(pk: int) -> Activity:
    found = selectors.public_activity(pk)
    if found is None:
        raise Http404
    return found


@public
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity; registration when it needs one. Full or cancelled: said so, input kept."""
    activity = _activity_or_404(pk)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.register(
                activity,
                work_name=form.cleaned_data["work_name"],
                channel=form.cleaned_data["channel"],
                address=form.cleaned_data["address"],
                language=get_language() or "nl",
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return render(
                request, "activities/registered.html", {"activity": activity, "code": done.code}
            )
    is_full = activity.capacity is not None and activity.taken >= activity.capacity  # type: ignore[attr-defined]
    return render(
        request,
        "activities/detail.html",
        {"activity": activity, "form": form, "is_full": is_full},
    )


@public
@require_GET
def ical(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity as an iCalendar file, for the person's own calendar."""
    activity = _activity_or_404(pk)
    response = HttpResponse(ical_for(activity), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.pk}.ics"'
    return response


@public
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest) -> HttpResponse:
    """Cancel one's registration with the code. A wrong code gets a neutral answer."""
    form = CodeForm(request.POST or None)
    result: dict[str, object] = {}
    if request.method == "POST" and form.is_valid():
        activity = services.cancel_registration(form.cleaned_data["code"])
        result = {"looked": True, "cancelled_activity": activity}
    return render(request, "activities/cancel.html", {"form": form, **result})


# --- organisers ------------------------------------------------------------------------------


@staff_required(*ORGANISER_ROLES)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    activities = list(selectors.organisation_activities(request.user).order_by("-starts_at")[:200])  # type: ignore[arg-type]
    return render(request, "activities/manage.html", {"activities": activities})


@staff_required(*ORGANISER_ROLES)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.organisation = request.user.organisation  # type: ignore[union-attr]
        activity.created_by = request.user
        activity.save()
        messages.success(request, _("Activity published."))
        return redirect("activities:organiser", pk=activity.pk)
    return render(request, "activities/publish.html", {"form": form})


@staff_required(*ORGANISER_ROLES)
@require_GET
def organiser(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's page: who registered (audit-logged), cancel, attendance."""
    activity = get_object_or_404(selectors.organisation_activities(request.user), pk=pk)  # type: ignore[arg-type]
    log_read(request, activity, organisation=activity.organisation, detail="attendee list")
    return render(
        request,
        "activities/organiser.html",
        {
            "activity": activity,
            "registrations": list(activity.registrations.all()),
            "attendance_form": AttendanceForm(initial={"attendance": activity.attendance}),
        },
    )


@staff_required(*ORGANISER_ROLES)
@require_POST
def organiser_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(selectors.organisation_activities(request.user), pk=pk)  # type: ignore[arg-type]
    if request.POST.get("action") == "cancel":
        told = services.cancel_activity(activity, request.user)  # type: ignore[arg-type]
        messages.success(
            request, _("Activity cancelled; %(count)s registered people told.") % {"count": told}
        )
        return redirect("activities:organiser", pk=activity.pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        services.record_attendance(activity, form.cleaned_data["attendance"])
        messages.success(request, _("Attendance saved."))
        return redirect("activities:organiser", pk=activity.pk)
    return render(
        request,
        "activities/organiser.html",
        {
            "activity": activity,
            "registrations": list(activity.registrations.all()),
            "attendance_form": form,
        },
    )
