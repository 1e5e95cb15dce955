"""Contact requests: the public request form, status by reference code and withdrawal (no
account), and the inbox and register for staff (their own organisation only)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.accounts.access import public, staff_required
from koers.accounts.models import Role, User
from koers.audit.services import log_read
from koers.converters import parse_id
from koers.directory.models import Service
from koers.directory.selectors import public_services
from koers.directory.vocabulary import SpokenLanguage
from koers.regions.models import Region
from koers.selfcheck.answers import Answers, answer_rows
from koers.selfcheck.forms import SelfCheckForm
from koers.selfcheck.profiles import profile_label, suggest_profile

from . import ratelimit, selectors, services
from .codes import display
from .forms import (
    AssignForm,
    CloseForm,
    ContactRequestForm,
    FirstContactForm,
    RegisterForm,
    StatusForm,
    TriageForm,
)
from .models import ContactRequest
from .vocabulary import AdviserTopic, AskerKind

INBOX_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR, Role.CONFIDENTIAL_ADVISER)


def _answers_from(query: str) -> Answers | None:
    """Self-check answers carried as a query string, if they are valid."""
    if not query:
        return None
    form = SelfCheckForm(QueryDict(query[:2000]))
    if not form.is_valid() or not form.cleaned_data.get("situation"):
        return None
    return Answers.from_cleaned(form.cleaned_data)


def _target(data: QueryDict) -> tuple[Service | None, bool]:
    """The chosen service (active) or the confidential adviser."""
    if data.get("to") == "adviser":
        return None, True
    service_id = parse_id(data.get("service", ""))
    if service_id is not None:
        service = public_services().select_related("organisation").filter(pk=service_id).first()
        if service is not None:
            return service, False
    return None, True


def _form_page(request: HttpRequest, form: ContactRequestForm, status: int = 200) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    service, to_adviser = _target(data)
    answers_query = data.get("answers", "")[:2000]
    answers = _answers_from(answers_query)
    token = data.get("token", "") if request.method == "POST" else ""
    return render(
        request,
        "contact/request_form.html",
        {
            "form": form,
            "service": service,
            "to_adviser": to_adviser,
            "service_id": data.get("service", "") if not to_adviser or service else "",
            "answers_query": answers_query if answers else "",
            "has_answers": answers is not None,
            "token": token[:64] or secrets.token_urlsafe(24),
            "language": get_language() or "nl",
            "via_outreach": data.get("via") == "outreach",
            "card_unknown": data.get("card") == "unknown",
        },
        status=status,
    )


@public
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Ask a service (or the confidential adviser) to contact you."""
    language = get_language() or "nl"
    if request.method == "GET" or request.POST.get("stage") == "start":
        return _form_page(request, ContactRequestForm(initial={"language": language}))
    form = ContactRequestForm(request.POST)
    if form.honeypot_filled:
        form.add_error(None, _("Your request could not be sent. Please try again."))
        return _form_page(request, form, status=400)
    if not form.is_valid():
        return _form_page(request, form)
    token = request.POST.get("token", "")[:64] or secrets.token_urlsafe(24)
    from .codes import token_hash

    is_repeat = ContactRequest.objects.filter(token_hash=token_hash(token)).exists()
    if not is_repeat and not ratelimit.hit(request, "request"):
        form.add_error(
            None,
            _(
                "Too many requests were sent from this connection. Please try again in an "
                "hour, or call the organisation directly."
            ),
        )
        return _form_page(request, form, status=429)
    service, to_adviser = _target(request.POST)
    service_id = parse_id(request.POST.get("service", ""))
    route = services.route(service_id, to_adviser=to_adviser and service_id is None)
    answers = _answers_from(request.POST.get("answers", ""))
    shared = answers.to_dict() if answers and form.cleaned_data["share_answers"] else None
    region = None
    if answers is not None and answers.region_id:
        region = Region.objects.filter(pk=answers.region_id).first()
    try:
        created = services.create_request(
            token=token,
            route=route,
            work_name=form.cleaned_data["work_name"],
            channel=form.cleaned_data["channel"],
            contact_detail=form.contact_detail(),
            language=form.cleaned_data["language"],
            message=form.cleaned_data["message"],
            callback=form.callback_window(),
            answers=shared,
            region=region,
            via_outreach=request.POST.get("via") == "outreach",
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _form_page(request, form)
    return render(
        request,
        "contact/sent.html",
        {"code": display(created.code), "contact_request": created.request},
    )


def _status_page(
    request: HttpRequest, form: StatusForm, found: ContactRequest | None, looked: bool, **extra
) -> HttpResponse:
    return render(
        request,
        "contact/status.html",
        {"form": form, "found": found, "looked": looked, **extra},
    )


@public
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """See the status of a request with its reference code. Any code that is not found —
    wrong, expired or deleted — gets the same neutral answer."""
    if request.method == "GET":
        return _status_page(request, StatusForm(), None, False)
    form = StatusForm(request.POST)
    if not ratelimit.hit(request, "status"):
        return _status_page(request, form, None, False, limited=True)
    found = selectors.find_by_code(form.data.get("code", "")) if form.is_valid() else None
    return _status_page(request, form, found, True)


@public
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    """Withdraw a request with its code (the status page's button)."""
    form = StatusForm(request.POST)
    if not ratelimit.hit(request, "status"):
        return _status_page(request, form, None, False, limited=True)
    found = selectors.find_by_code(form.data.get("code", "")) if form.is_valid() else None
    withdrawn = False
    if found is not None and found.is_open:
        services.withdraw(found)
        withdrawn = True
    return _status_page(request, form, found, True, withdrawn=withdrawn)


# --- staff ---------------------------------------------------------------------------------


@staff_required(*INBOX_ROLES)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in ("open", "closed", "all"):
        show = "open"
    requests = list(selectors.inbox(request.user, show=show)[:200])
    return render(request, "contact/inbox.html", {"requests": requests, "show": show})


def _colleagues(organisation):
    return (
        User.objects.filter(
            membership__organisation=organisation,
            membership__role__in=INBOX_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def _detail_context(request: HttpRequest, item: ContactRequest) -> dict:
    answers = item.answers_dict()
    parsed = Answers.from_dict(answers) if answers else None
    suggestion = suggest_profile(parsed) if parsed else None
    is_adviser = request.user.has_role(Role.CONFIDENTIAL_ADVISER)
    register_entry = getattr(item, "register_entry", None) if is_adviser else None
    return {
        "item": item,
        "language_name": dict(SpokenLanguage.choices).get(item.language, item.language),
        "answers": parsed,
        "answer_rows": answer_rows(parsed) if parsed else [],
        "suggestion": suggestion,
        "suggestion_label": profile_label(suggestion.profile) if suggestion else "",
        "triage_form": TriageForm(initial={"urgency": item.urgency}),
        "assign_form": AssignForm(
            colleagues=_colleagues(item.organisation),
            initial={"contact_person": item.assigned_to_id or request.user.pk},
        ),
        "first_contact_form": FirstContactForm(),
        "close_form": CloseForm(),
        "register_form": RegisterForm(
            initial={"asker": register_entry.asker, "topic": register_entry.topic}
            if register_entry
            else None
        ),
        "is_adviser": is_adviser,
        "register_entry": register_entry,
        "can_open_trajectory": request.user.has_role(Role.PROFESSIONAL, Role.COORDINATOR),
    }


@staff_required(*INBOX_ROLES)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.request_for(request.user, pk)
    if item is None:
        raise Http404
    log_read(request, item)
    return render(request, "contact/detail.html", _detail_context(request, item))


@staff_required(*INBOX_ROLES)
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    """One inbox action, named by ``action``: triage, assign, first_contact, close,
    trajectory, register. Errors are shown on the request page."""
    item = selectors.request_for(request.user, pk)
    if item is None:
        raise Http404
    action = request.POST.get("action", "")
    user = request.user
    try:
        if action == "triage":
            form = TriageForm(request.POST)
            if form.is_valid():
                services.triage(item, user, form.cleaned_data["urgency"])
        elif action == "assign":
            form = AssignForm(request.POST, colleagues=_colleagues(item.organisation))
            if form.is_valid():
                services.assign(item, user, form.cleaned_data["contact_person"])
        elif action == "first_contact":
            form = FirstContactForm(request.POST)
            if form.is_valid():
                services.record_first_contact(item, user, form.cleaned_data["note"])
        elif action == "close":
            form = CloseForm(request.POST)
            if form.is_valid():
                services.close(item, user, form.cleaned_data["outcome"])
        elif action == "trajectory" and user.has_role(Role.PROFESSIONAL, Role.COORDINATOR):
            trajectory = services.turn_into_trajectory(item, user)
            messages.success(request, _("A client file was opened for this request."))
            return redirect("trajectories:client", client_id=trajectory.client_id)
        elif action == "register" and user.has_role(Role.CONFIDENTIAL_ADVISER):
            form = RegisterForm(request.POST)
            if form.is_valid():
                services.add_register_entry(
                    item.organisation,
                    user,
                    asker=form.cleaned_data["asker"],
                    topic=form.cleaned_data["topic"],
                    request=item,
                )
        else:
            messages.error(request, _("Choose an action."))
            return redirect("contact:request", pk=item.pk)
    except ValidationError as error:
        context = _detail_context(request, item)
        context["action_errors"] = error.messages
        return render(request, "contact/detail.html", context, status=400)
    if not form.is_valid():
        context = _detail_context(request, item)
        context[f"{action}_form"] = form
        return render(request, "contact/detail.html", context, status=400)
    messages.success(request, _("Saved."))
    return redirect("contact:request", pk=item.pk)


@staff_required(Role.CONFIDENTIAL_ADVISER)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """The confidential adviser's register: who asked (sex worker, prospective sex worker,
    professional, other) and about what, also for questions that came by phone."""
    organisation = request.user.organisation
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_register_entry(
            organisation,
            request.user,
            asker=form.cleaned_data["asker"],
            topic=form.cleaned_data["topic"],
        )
        messages.success(request, _("Saved."))
        return redirect("contact:register")
    askers, topics = dict(AskerKind.choices), dict(AdviserTopic.choices)
    summary = [
        {"asker": askers.get(row["asker"]), "topic": topics.get(row["topic"]), "n": row["n"]}
        for row in selectors.register_summary(organisation)
    ]
    entries = list(selectors.register_of(organisation)[:100])
    return render(
        request,
        "contact/register.html",
        {"form": form, "summary": summary, "entries": entries},
    )
