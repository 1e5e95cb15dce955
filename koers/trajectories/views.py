"""Screens for daily case work: my clients, the client page (one timeline), short forms.

Every view opens a file through :func:`selectors.trajectory_for` (404 for anything outside
the user's reach, so ids cannot be probed) and logs the read. Forms that change the
trajectory's own state carry its version; a conflicting save is refused with a message and
the form keeps what the worker typed.
"""

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.accounts.access import staff_required
from koers.accounts.models import Role
from koers.audit.models import AuditAction
from koers.audit.services import log_read, record
from koers.directory.models import Service
from koers.organisations.models import Organisation

from . import forms, presenters, selectors, services
from .export import render_pdf
from .models import Goal, Referral, Trajectory
from .person_export import as_json, export_language, person_export
from .pickers import referral_choices
from .tasks import open_tasks
from .today import pinned_handover
from .vocabulary import AftercareTrigger, PreferredLanguage

CASEWORK = (Role.PROFESSIONAL, Role.COORDINATOR)
EXPORT_LANGUAGES = [
    (code, label) for code, label in PreferredLanguage.choices if code in ("nl", "en", "es", "ro")
]
TIMELINE_PAGE_SIZE = 30


def _data(request: HttpRequest) -> Any:
    """Bind forms on every POST, also an empty one (which must show errors, not a blank form)."""
    return request.POST if request.method == "POST" else None


def _open(
    request: HttpRequest, client_id: int, *, sealed_ok: bool = False, details: bool = True
) -> Trajectory:
    trajectory = selectors.trajectory_for(request.user, client_id, details=details)
    log_read(request, trajectory.client, organisation=trajectory.organisation)
    if trajectory.is_sealed and not sealed_ok:
        raise _Sealed(trajectory)
    return trajectory


class _Sealed(Exception):
    def __init__(self, trajectory: Trajectory) -> None:
        self.trajectory = trajectory


def _sealed_guard(view: Callable) -> Callable:
    """A sealed file only shows that it is sealed; its pages send the worker there."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Sealed as sealed:
            messages.info(request, _("This file is closed and sealed."))
            return redirect("trajectories:client", client_id=sealed.trajectory.client_id)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _conflict(form: Form, trajectory: Trajectory, error: ValidationError) -> None:
    """Tell the second worker, keep their input, and let the next save use the new version."""
    trajectory.refresh_from_db()
    data = form.data.copy()
    data["version"] = str(trajectory.version)
    form.data = data
    form.add_error(None, error)


def _form_page(
    request: HttpRequest,
    trajectory: Trajectory,
    form: Form,
    action: Callable[[dict], Any],
    *,
    title: str,
    success: str,
    intro: str = "",
    submit: str = "",
    danger: bool = False,
    extra_context: dict | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except services.EditConflict as error:
            _conflict(form, trajectory, error)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("trajectories:client", client_id=trajectory.client_id)
    context = {
        "trajectory": trajectory,
        "client": trajectory.client,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit or _("Save"),
        "danger": danger,
        **(extra_context or {}),
    }
    return render(request, "trajectories/form.html", context, status=200)


# --- lists ----------------------------------------------------------------------------------


@staff_required(*CASEWORK)
def overdue(request: HttpRequest) -> HttpResponse:
    """Planned contacts and aftercare check-ins whose date has passed, per worker."""
    groups = selectors.overdue_by_worker(request.user)
    log_read(request, ("trajectories.caseload", "overdue"), detail="overdue contacts")
    return render(
        request, "trajectories/overdue.html", {"groups": groups, "today": timezone.localdate()}
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
def client_new(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    colleagues = selectors.colleagues(organisation)
    form = forms.NewClientForm(
        _data(request), colleagues=colleagues, initial={"contact_person": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            trajectory = services.open_trajectory(
                work_name=data.pop("work_name"),
                channel=data.pop("preferred_channel"),
                language=data.pop("preferred_language"),
                organisation=organisation,
                contact_person=data.pop("contact_person"),
                sex_work_status=data.pop("sex_work_status"),
                by=request.user,
                **data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The client was added."))
            return redirect("trajectories:client", client_id=trajectory.client_id)
    return render(request, "trajectories/client_new.html", {"form": form})


# --- the client page ------------------------------------------------------------------------


@staff_required(*CASEWORK)
def client(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client page: current state, goals, referrals and one chronological timeline."""
    trajectory = _open(request, client_id, sealed_ok=True, details=False)
    context: dict[str, Any] = {"trajectory": trajectory, "client": trajectory.client}
    if trajectory.is_sealed:
        context["is_coordinator"] = request.user.has_role(Role.COORDINATOR)
        return render(request, "trajectories/sealed.html", context)
    # Only the newest page of the timeline is read (and decrypted); older entries are a link
    # away, so the page costs the same for a history of five entries or of five hundred.
    page = selectors.timeline_page(
        trajectory, request.GET.get("page"), size=TIMELINE_PAGE_SIZE, viewer=request.user
    )
    plan = selectors.current_plan(trajectory)
    context.update(
        {
            "page": page,
            "entries": presenters.timeline_entries(page.items),
            "file_url": reverse("trajectories:client", args=[trajectory.client_id]),
            **plan,
            # From the goals just read: no query of its own.
            "profile_advice": selectors.profile_suggestion(
                trajectory.client, goals=[goal for goal, _actions in plan["goals"]]
            ),
            "contact_form": forms.ContactForm(
                initial={"channel": trajectory.client.preferred_channel}
            ),
            "is_coordinator": request.user.has_role(Role.COORDINATOR),
            "aftercare_trigger_labels": [
                AftercareTrigger(code).label
                for code in trajectory.aftercare_triggers
                if code in AftercareTrigger.values
            ],
            "today": timezone.localdate(),
            "pinned_handover": pinned_handover(trajectory, request.user),
            "open_tasks": open_tasks(trajectory),
            "export_languages": EXPORT_LANGUAGES,
        }
    )
    return render(request, "trajectories/client.html", context)


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    person = trajectory.client
    initial = {
        name: getattr(person, name)
        for name in forms.ClientForm.base_fields
        if name != "municipality"
    }
    initial.update({"municipality": person.municipality_id, "version": trajectory.version})
    form = forms.ClientEditForm(_data(request), initial=initial)

    def action(data: dict) -> None:
        data = dict(data)
        version = data.pop("version")
        services.update_client(trajectory, by=request.user, expected_version=version, **data)

    return _form_page(
        request,
        trajectory,
        form,
        action,
        title=_("Client details"),
        success=_("The details were saved."),
        # Shown next to "Chosen profile"; never fills it in.
        extra_context={"profile_advice": selectors.profile_suggestion(person)},
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def contact_new(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.ContactForm(
        _data(request), initial={"channel": trajectory.client.preferred_channel}
    )
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.log_contact(trajectory, by=request.user, **data),
        title=_("Log a contact"),
        success=_("The contact was logged."),
    )


def _versioned(trajectory: Trajectory, extra: dict | None = None) -> dict:
    return {"version": trajectory.version, **(extra or {})}


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def phase_change(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.PhaseForm(
        _data(request), initial=_versioned(trajectory, {"phase": trajectory.phase})
    )

    def action(data: dict) -> None:
        services.change_phase(
            trajectory,
            by=request.user,
            expected_version=data["version"],
            phase=data["phase"],
            on=data["on"],
            note=data["note"],
        )

    return _form_page(
        request,
        trajectory,
        form,
        action,
        title=_("Change phase"),
        success=_("The phase was recorded."),
        intro=_("Phases can move in any direction; the history keeps every step."),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def status_change(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.StatusForm(
        _data(request), initial=_versioned(trajectory, {"status": trajectory.sex_work_status})
    )

    def action(data: dict) -> None:
        services.record_sex_work_status(
            trajectory,
            by=request.user,
            expected_version=data["version"],
            status=data["status"],
            within_branch_change=data["within_branch_change"],
            on=data["on"],
            note=data["note"],
        )

    return _form_page(
        request,
        trajectory,
        form,
        action,
        title=_("Sex-work status"),
        success=_("The status was recorded."),
        intro=_(
            "Recorded independently of the phase. Going back to sex work is normal "
            "and changes nothing else."
        ),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def direction_change(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.DirectionForm(
        _data(request), initial=_versioned(trajectory, {"direction": trajectory.direction})
    )

    def action(data: dict) -> None:
        services.change_direction(
            trajectory,
            by=request.user,
            expected_version=data["version"],
            direction=data["direction"],
            note=data["note"],
        )

    return _form_page(
        request,
        trajectory,
        form,
        action,
        title=_("Direction"),
        success=_("The direction was saved."),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def handover(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    colleagues = selectors.colleagues(trajectory.organisation).exclude(
        pk=trajectory.contact_person_id
    )
    form = forms.HandoverForm(_data(request), colleagues=colleagues, initial=_versioned(trajectory))

    def action(data: dict) -> None:
        services.hand_over(
            trajectory,
            by=request.user,
            expected_version=data["version"],
            to_user=data["to_user"],
            note=data["note"],
        )

    return _form_page(
        request,
        trajectory,
        form,
        action,
        title=_("Hand over to another contact person"),
        success=_("The file was handed over."),
        intro=_(
            "Changing contact person is hard for the person. "
            "Write down the story so they need not retell it."
        ),
    )


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def share(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    colleagues = selectors.colleagues(trajectory.organisation).exclude(
        pk=trajectory.contact_person_id
    )
    form = forms.ShareForm(_data(request), colleagues=colleagues)
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.share(trajectory, by=request.user, user=data["user"]),
        title=_("Share with a colleague"),
        success=_("The file was shared."),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def goal_new(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.GoalForm(_data(request))
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.add_goal(trajectory, by=request.user, **data),
        title=_("New goal"),
        success=_("The goal was added."),
    )


def _goal(trajectory: Trajectory, goal_id: int) -> Goal:
    return get_object_or_404(Goal, pk=goal_id, trajectory=trajectory)


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def goal_status(request: HttpRequest, client_id: int, goal_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    goal = _goal(trajectory, goal_id)
    form = forms.GoalStatusForm(_data(request), initial={"status": goal.status})
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.set_goal_status(goal, by=request.user, status=data["status"]),
        title=_("Goal status"),
        intro=goal.description,
        success=_("The goal was updated."),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def support_action_new(request: HttpRequest, client_id: int, goal_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    goal = _goal(trajectory, goal_id)
    form = forms.SupportActionForm(
        _data(request),
        organisations=Organisation.objects.filter(is_active=True).order_by("name"),
    )
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.add_support_action(goal, by=request.user, **data),
        title=_("Support towards a goal"),
        intro=goal.description,
        success=_("The support was recorded."),
    )


def _referral_form_querysets(trajectory: Trajectory) -> dict:
    return {
        "services": Service.objects.filter(status="active")
        .select_related("organisation")
        .order_by("name_nl"),
        "goals": Goal.objects.filter(trajectory=trajectory).order_by("on"),
    }


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def referral_new(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    query = request.GET.get("q", "").strip()[:80]
    all_regions = request.GET.get("all") == "1"
    choices, found = referral_choices(
        trajectory.client.region_id,
        query=query,
        all_regions=all_regions,
        language=get_language() or "nl",
    )
    form = forms.ReferralForm(
        _data(request), service_choices=choices, **_referral_form_querysets(trajectory)
    )
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.propose_referral(trajectory, by=request.user, **data),
        title=_("Warm referral"),
        success=_("The referral was recorded."),
        extra_context={
            "picker": {
                "q": query,
                "all": all_regions,
                "found": found,
                "region": trajectory.client.region,
            }
        },
        intro=_(
            "Name a contact person at the partner, agree the referral with the person, and make "
            "the first contact together. You stay the contact person."
        ),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def referral_update(request: HttpRequest, client_id: int, referral_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    referral = get_object_or_404(Referral, pk=referral_id, trajectory=trajectory)
    form = forms.ReferralUpdateForm(
        _data(request),
        initial={
            "status": referral.status,
            "consent_on": referral.consent_on,
            "consent_how": referral.consent_how,
        },
    )
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.update_referral(referral, by=request.user, **data),
        title=_("Referral status"),
        success=_("The referral was updated."),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def outcome_new(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.OutcomeForm(_data(request))
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.record_outcome(trajectory, by=request.user, **data),
        title=_("Situation now"),
        success=_("The situation was recorded."),
        intro=_(
            "Record the situation at any moment; "
            "a change within the branch is a result in its own right."
        ),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def aftercare(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.AftercareForm(
        _data(request),
        initial=_versioned(
            trajectory,
            {"level": trajectory.aftercare_level, "triggers": trajectory.aftercare_triggers},
        ),
    )

    def action(data: dict) -> None:
        services.set_aftercare(
            trajectory,
            by=request.user,
            expected_version=data["version"],
            level=data["level"],
            triggers=data["triggers"],
            next_checkin_on=data["next_checkin_on"],
            note=data["note"],
        )

    return _form_page(
        request, trajectory, form, action, title=_("Aftercare"), success=_("Aftercare was saved.")
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def close(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.CloseForm(_data(request), initial=_versioned(trajectory))

    def action(data: dict) -> None:
        services.close_trajectory(
            trajectory,
            by=request.user,
            expected_version=data["version"],
            reason=data["reason"],
            note=data["note"],
        )

    return _form_page(
        request,
        trajectory,
        form,
        action,
        title=_("Close the file"),
        success=_("The file was closed and sealed."),
        intro=_(
            "A closed file is sealed: only a coordinator can open it again. Aftercare can go on; "
            "nothing closes by itself with time."
        ),
        submit=_("Close and seal"),
    )


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def unseal(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id, sealed_ok=True)
    form = forms.UnsealForm(_data(request))
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: services.unseal(trajectory, by=request.user, reason=data["reason"]),
        title=_("Unseal the file"),
        success=_("The file was unsealed."),
        intro=_("Your reason is kept in the file and the audit log."),
        submit=_("Unseal"),
    )


@staff_required(*CASEWORK)
@require_http_methods(["GET", "POST"])
@_sealed_guard
def reopen(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id)
    form = forms.ReopenForm(_data(request), initial=_versioned(trajectory))

    def action(data: dict) -> None:
        services.reopen(
            trajectory, by=request.user, expected_version=data["version"], note=data["note"]
        )

    return _form_page(
        request,
        trajectory,
        form,
        action,
        title=_("Reopen the file"),
        success=_("The file was reopened."),
        submit=_("Reopen"),
    )


# --- client rights --------------------------------------------------------------------------


def _export_trajectory(request: HttpRequest, client_id: int) -> Trajectory:
    trajectory = selectors.trajectory_for(request.user, client_id)
    if trajectory.is_sealed and not request.user.has_role(Role.COORDINATOR):
        raise Http404
    return trajectory


@staff_required(*CASEWORK)
def export_json(request: HttpRequest, client_id: int) -> HttpResponse:
    """Everything about the client, as JSON (the person's right of access)."""
    trajectory = _export_trajectory(request, client_id)
    language = export_language(trajectory.client, request.GET.get("lang"))
    data = person_export(trajectory, language)
    record(
        request.user,
        AuditAction.EXPORT,
        trajectory.client,
        organisation=trajectory.organisation,
        detail="export as JSON",
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=as_json),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="client-{trajectory.client_id}.json"'
    return response


@staff_required(*CASEWORK)
def export_pdf(request: HttpRequest, client_id: int) -> HttpResponse:
    """Everything about the client, as a readable PDF."""
    trajectory = _export_trajectory(request, client_id)
    language = export_language(trajectory.client, request.GET.get("lang"))
    data = person_export(trajectory, language)
    record(
        request.user,
        AuditAction.EXPORT,
        trajectory.client,
        organisation=trajectory.organisation,
        detail="export as PDF",
    )
    response = HttpResponse(render_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="client-{trajectory.client_id}.pdf"'
    return response


ERASE_INTRO = gettext_lazy(
    "Erasing removes the client, the whole file and every note for good. Only anonymous counts "
    "remain for monitoring. Offer the person an export first."
)


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, client_id: int) -> HttpResponse:
    trajectory = _open(request, client_id, sealed_ok=True)
    form = forms.EraseForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_client(
                trajectory, by=request.user, confirmed=form.cleaned_data["confirm"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The client was erased."))
            return redirect("trajectories:my_clients")
    context = {
        "trajectory": trajectory,
        "client": trajectory.client,
        "form": form,
        "title": _("Erase this client"),
        "intro": ERASE_INTRO,
        "submit": _("Erase for good"),
        "danger": True,
    }
    return render(request, "trajectories/form.html", context)
