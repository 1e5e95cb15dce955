"""The questionnaire for participants (public, no account, works without JavaScript) and the
staff pages: invitation links, call tasks, survey reports, and data import/export."""

import segno
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.accounts.access import public, staff_required
from koers.accounts.models import Role
from koers.audit.models import AuditAction
from koers.audit.services import log_read, record

from . import csvio, instrument, ratelimit, reports, selectors, services
from .forms import CodeForm, ContactForm, ImportForm, PageForm, ResumeForm
from .models import CallTask, EnrolmentSource, WaveStatus

INVITE_SALT = "koers.outcomes.invite"
INVITE_MAX_AGE = 60 * 60 * 24 * 180
SOURCES = {"public": EnrolmentSource.PUBLIC_LINK, "selfcheck": EnrolmentSource.SELFCHECK}
CASEWORK = (Role.PROFESSIONAL, Role.COORDINATOR)


def _invite_organisation(token: str):
    from koers.organisations.models import Organisation

    try:
        organisation_id = signing.TimestampSigner(salt=INVITE_SALT).unsign(
            token, max_age=INVITE_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return Organisation.objects.filter(pk=organisation_id, is_active=True).first()


SESSION_WAVE = "outcomes_wave"
SESSION_SAVED_CODE = "outcomes_saved_code"


def _open_session(request: HttpRequest, wave) -> None:
    """The wave this browser may answer; nothing about it is ever in a URL (issue 12)."""
    request.session.cycle_key()
    request.session[SESSION_WAVE] = wave.pk


def _session_wave(request: HttpRequest):
    wave_id = request.session.get(SESSION_WAVE)
    if not isinstance(wave_id, int):
        return None
    return selectors.wave_by_id(wave_id)


def _too_many(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["rate_limited"] = _(
        "Too many attempts from your internet connection. Please wait an hour and try again. "
        "What you typed is kept below."
    )
    return render(request, template, context, status=429)


@public
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Enter the link code's three answers: always a new participant with wave 1 open.

    The link code only links rounds for analysis. It never opens earlier answers: continuing
    needs the resume code shown when saving, or a reminder's one-time link."""
    invite = request.GET.get("invite", "")
    organisation = _invite_organisation(invite) if invite else None
    source = (
        EnrolmentSource.TRAJECTORY
        if organisation
        else SOURCES.get(request.GET.get("via", ""), EnrolmentSource.PUBLIC_LINK)
    )
    form = CodeForm(request.POST or None)
    current = _session_wave(request)
    context = {
        "form": form,
        "resume_form": ResumeForm(),
        "in_progress": current is not None and current.status == WaveStatus.OPEN,
    }
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(request, "enrol"):
            return _too_many(request, "outcomes/start.html", context)
        region = form.cleaned_data.get("region")
        if region is None and organisation is not None:
            region = organisation.regions.first()
        entry = services.enter(
            form.cleaned_data["code"],
            source=source,
            organisation=organisation,
            region=region,
            language=get_language() or "nl",
        )
        _open_session(request, entry.wave)
        return redirect("outcomes:resume")
    return render(request, "outcomes/start.html", context)


@public
@require_http_methods(["GET", "POST"])
def resume_form(request: HttpRequest) -> HttpResponse:
    """Continue with the resume code, which is only ever posted, never put in a URL."""
    form = ResumeForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "resume"):
            return _too_many(request, "outcomes/resume_form.html", {"form": form})
        if form.is_valid():
            wave = services.wave_for_resume_code(form.cleaned_data["code"])
            if wave is not None:
                _open_session(request, wave)
                return redirect("outcomes:resume")
            form.add_error(
                "code",
                _("We do not know this code. Please check it, or start with your own code."),
            )
    return render(request, "outcomes/resume_form.html", {"form": form})


SESSION_LINK_TOKEN = "outcomes_link_token"  # noqa: S105 - a session key, not a secret


@public
@require_GET
def link(request: HttpRequest, token: str) -> HttpResponse:
    """A reminder's link: the token moves into the session and out of the address bar at
    once, so the page and its language links never carry it."""
    request.session[SESSION_LINK_TOKEN] = token[:100]
    return redirect("outcomes:link_use")


@public
@require_http_methods(["GET", "POST"])
def link_use(request: HttpRequest) -> HttpResponse:
    """Exchange the one-time token for this browser's questionnaire; afterwards it opens
    nothing. A button, not the link itself, spends it: mail programs that open links to
    scan them do not use it up."""
    token = request.session.get(SESSION_LINK_TOKEN, "")
    if request.method == "GET":
        if not token:
            return redirect("outcomes:start")
        return render(request, "outcomes/link.html")
    if not ratelimit.hit(request, "resume"):
        return _too_many(request, "outcomes/link.html", {})
    request.session.pop(SESSION_LINK_TOKEN, None)
    wave = services.use_link_token(token or request.POST.get("token", ""))
    if wave is None:
        return render(request, "outcomes/link_used.html", status=404)
    _open_session(request, wave)
    return redirect("outcomes:resume")


def _no_wave(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        _("To continue, enter the resume code you got when you saved your answers."),
    )
    return redirect("outcomes:resume_form")


@public
def resume(request: HttpRequest) -> HttpResponse:
    wave = _session_wave(request)
    if wave is None:
        return _no_wave(request)
    if wave.status == WaveStatus.COMPLETED:
        return redirect("outcomes:done")
    if wave.status != WaveStatus.OPEN:
        return render(request, "outcomes/closed.html")
    page = None
    if wave.last_page:
        page = instrument.next_page(wave.last_page, wave.answers, wave.number)
    page = page or instrument.next_page(None, wave.answers, wave.number)
    return redirect("outcomes:page", page=page.key)


@public
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, page: str) -> HttpResponse:
    wave = _session_wave(request)
    if wave is None:
        return _no_wave(request)
    if wave.status == WaveStatus.COMPLETED:
        return redirect("outcomes:done")
    if wave.status != WaveStatus.OPEN:
        return render(request, "outcomes/closed.html")
    current = instrument.PAGE_BY_KEY.get(page)
    context_answers = instrument.context_answers(wave.answers, wave.number)
    if current is None or not instrument.holds(current.show_if, context_answers):
        raise Http404
    stopped = instrument.is_stopped(wave.answers)
    initial = {item.key: wave.answers.get(item.key) for item in current.items}
    form = PageForm(current, request.POST or None, initial=initial, stopped=stopped)
    if request.method == "POST" and form.is_valid():
        services.save_page(wave, current, form.cleaned_data)
        if "save_later" in request.POST:
            # The code is shown once, on the next page; this browser no longer holds the
            # questionnaire open (a shared phone).
            request.session[SESSION_SAVED_CODE] = services.issue_resume_code(wave)
            request.session.pop(SESSION_WAVE, None)
            return redirect("outcomes:saved")
        if "back" in request.POST:
            previous = instrument.previous_page(current.key, wave.answers, wave.number)
            if previous:
                return redirect("outcomes:page", page=previous.key)
        if instrument.is_screened_out(wave.answers, wave.number):
            services.complete(wave)
            request.session.pop(SESSION_WAVE, None)
            return render(request, "outcomes/screened_out.html")
        following = instrument.next_page(current.key, wave.answers, wave.number)
        if following is None:
            services.complete(wave)
            return redirect("outcomes:done")
        return redirect("outcomes:page", page=following.key)
    pages = instrument.visible_pages(wave.answers, wave.number)
    keys = [p.key for p in pages]
    position = keys.index(current.key) + 1 if current.key in keys else 1
    return render(
        request,
        "outcomes/page.html",
        {
            "wave": wave,
            "page": current,
            "form": form,
            "position": position,
            "page_count": len(pages),
            "is_last": instrument.next_page(current.key, wave.answers, wave.number) is None,
            "has_previous": instrument.previous_page(current.key, wave.answers, wave.number)
            is not None,
        },
    )


@public
def saved(request: HttpRequest) -> HttpResponse:
    """The resume code, shown once: reloading or coming back does not show it again."""
    code = request.session.pop(SESSION_SAVED_CODE, "")
    return render(request, "outcomes/saved.html", {"code": code})


@public
@require_http_methods(["GET", "POST"])
def done(request: HttpRequest) -> HttpResponse:
    """Thanks, where to get help, and (if another wave follows) how to be invited."""
    wave = _session_wave(request)
    if wave is None:
        return _no_wave(request)
    if wave.status != WaveStatus.COMPLETED:
        return redirect("outcomes:resume")
    participant = wave.participant
    next_wave = participant.waves.filter(number=wave.number + 1).first()
    form = ContactForm(request.POST or None)
    if request.method == "POST" and next_wave is not None and form.is_valid():
        services.set_contact(
            participant,
            channel=form.cleaned_data["channel"],
            address=form.cleaned_data["address"],
            other_channel=form.cleaned_data["other_channel"],
            other_address=form.cleaned_data["other_address"],
        )
        messages.success(request, _("Thank you. We will send the invitation the way you chose."))
        return redirect("outcomes:done")
    return render(
        request,
        "outcomes/done.html",
        {
            "wave": wave,
            "next_wave": next_wave,
            "form": form,
            "has_contact": participant.has_contact,
        },
    )


@public
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest) -> HttpResponse:
    wave = _session_wave(request)
    if wave is None:
        return _no_wave(request)
    if request.method == "POST":
        services.decline(wave.participant)
        request.session.pop(SESSION_WAVE, None)
        return render(request, "outcomes/stopped.html")
    return render(request, "outcomes/stop.html")


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, title=_("QR code for the questionnaire"))


@public
def qr_code(request: HttpRequest) -> HttpResponse:
    """The public link as an SVG QR code, for posters and cards."""
    via = request.GET.get("via", "public")
    url = (
        request.build_absolute_uri(reverse("outcomes:start"))
        + f"?via={via if via in SOURCES else 'public'}"
    )
    svg = segno.make(url, error="m")
    import io

    buffer = io.BytesIO()
    svg.save(buffer, kind="svg", scale=4, title="Koers")
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@staff_required(*CASEWORK)
def invite(request: HttpRequest) -> HttpResponse:
    """A link (and QR code) a worker gives a client: enrolment through a trajectory."""
    organisation = request.user.organisation
    token = signing.TimestampSigner(salt=INVITE_SALT).sign(str(organisation.pk))
    link = request.build_absolute_uri(reverse("outcomes:start")) + f"?invite={token}"
    public_link = request.build_absolute_uri(reverse("outcomes:start")) + "?via=public"
    return render(
        request,
        "outcomes/invite.html",
        {"link": link, "qr": _qr_svg(link), "public_link": public_link},
    )


@staff_required(*CASEWORK)
def call_tasks(request: HttpRequest) -> HttpResponse:
    tasks = list(selectors.call_tasks_for(request.user.organisation))
    for task in tasks:
        log_read(request, task.wave.participant, detail="questionnaire call task")
        task.phone = services.phone_number(task.wave.participant)
    return render(request, "outcomes/call_tasks.html", {"tasks": tasks})


@staff_required(*CASEWORK)
@require_POST
def call_task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_object_or_404(CallTask, pk=task_id, organisation=request.user.organisation)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
    record(request.user, AuditAction.UPDATE, task, detail="call task done")
    return redirect("outcomes:call_tasks")


@staff_required(Role.ANALYST)
def report(request: HttpRequest) -> HttpResponse:
    data = reports.build(request.GET.get("wave"))
    return render(request, "outcomes/report.html", data)


@staff_required(Role.ANALYST)
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    data = reports.build(request.GET.get("wave"))
    record(request.user, AuditAction.EXPORT, "outcomes.report", detail=f"survey report {fmt}")
    if fmt == "xlsx":
        response = HttpResponse(
            reports.to_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="koers-survey-report.xlsx"'
        return response
    response = HttpResponse(reports.to_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="koers-survey-report.csv"'
    return response


@staff_required(Role.SITE_ADMINISTRATOR)
def data_export(request: HttpRequest) -> HttpResponse:
    """Pseudonymous answers in the documented layout (the same one the import reads)."""
    record(request.user, AuditAction.EXPORT, "outcomes.wave", detail="questionnaire data csv")
    response = HttpResponse(
        csvio.export_csv(csvio.completed_waves()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="koers-questionnaire-data.csv"'
    return response


@staff_required(Role.SITE_ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def data_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            form.add_error(
                "file", _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again.")
            )
        else:
            result = csvio.import_csv(text)
            if result.ok:
                record(
                    request.user,
                    AuditAction.CREATE,
                    "outcomes.wave",
                    detail=f"imported {result.imported} rows",
                )
                messages.success(
                    request, _("%(count)s rows imported.") % {"count": result.imported}
                )
                return redirect("outcomes:data_import")
    return render(
        request,
        "outcomes/import.html",
        {"form": form, "result": result, "columns": csvio.columns()},
    )
