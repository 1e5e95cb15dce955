"""Safety views: thin wrappers around services and selectors.

Members see warnings and use the number check; anyone may report (anonymously, with lower
trust); professionals vouch for members, issue invitation codes and report on someone's
behalf; moderators (a national role, across organisations) review, publish, reject, handle
data-subject requests and export for the police.
"""

from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from koers.accounts import services as account_services
from koers.accounts.access import member_required, public, staff_required
from koers.accounts.forms import TokenForm
from koers.accounts.models import Role
from koers.accounts.selectors import has_confirmed_totp
from koers.audit.models import AuditAction
from koers.audit.services import log_read, record

from . import selectors, services
from .forms import (
    BulkCheckForm,
    DataSubjectRequestForm,
    DecisionForm,
    InvitationCodeForm,
    JoinForm,
    MemberSettingsForm,
    MemberStatusForm,
    ModerationForm,
    NumberCheckForm,
    PublicRequestForm,
    ReportForm,
    VouchForm,
    WarningCorrectionForm,
)
from .models import (
    DataSubjectRequest,
    InvitationCode,
    MemberProfile,
    MemberStatus,
    Report,
    ReporterKind,
    RequestDecision,
    SafetyWarning,
    ViolenceForm,
)

REPORTING_STAFF = (Role.PROFESSIONAL, Role.COORDINATOR, Role.CONFIDENTIAL_ADVISER)


def _verified_profile(request: HttpRequest) -> MemberProfile | None:
    profile = selectors.profile_of(request.user)
    return profile if profile is not None and profile.is_verified else None


@public
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/index.html", {"profile": selectors.profile_of(request.user)})


@public
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("safety:member_home")
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile = services.register_member(
            username=data["username"],
            password=data["password"],
            work_name=data["work_name"],
            email=data["email"],
            phone_number=data["phone_number"],
            regions=data["regions"],
            notify_by=data["notify_by"],
            invitation_code=data["invitation_code"],
        )
        auth_login(request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("safety:member_home")
    return render(request, "safety/join.html", {"form": form})


@member_required
@require_http_methods(["GET", "POST"])
def member_home(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    form = InvitationCodeForm(request.POST or None)
    if request.method == "POST" and profile is not None and form.is_valid():
        if services.redeem_invitation(profile, form.cleaned_data["invitation_code"]):
            messages.success(request, _("Welcome: your membership is confirmed."))
            return redirect("safety:member_home")
        form.add_error("invitation_code", _("This invitation code is not valid (any more)."))
    context = {
        "profile": profile,
        "form": form,
        "has_second_factor": has_confirmed_totp(request.user),
        "warnings": selectors.warnings_for_member(profile)[:3]
        if profile and profile.is_verified
        else [],
    }
    return render(request, "safety/member_home.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def member_settings(request: HttpRequest) -> HttpResponse:
    profile = _verified_profile(request)
    if profile is None:
        return redirect("safety:member_home")
    initial = {"regions": profile.regions.all(), "notify_by": profile.notify_by}
    form = MemberSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notify_by = form.cleaned_data["notify_by"]
        if notify_by == "mail" and not profile.email:
            form.add_error("notify_by", _("Give an e-mail address to be told by e-mail."))
        elif notify_by == "sms" and not profile.phone:
            form.add_error("notify_by", _("Give a mobile number to be told by SMS."))
        else:
            services.update_member_settings(
                profile, regions=form.cleaned_data["regions"], notify_by=notify_by
            )
            messages.success(request, _("Your settings are saved."))
            return redirect("safety:member_home")
    return render(request, "safety/member_settings.html", {"form": form})


@member_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Members may add an authenticator app; they are never forced to."""
    user = request.user
    if has_confirmed_totp(user):
        return render(request, "safety/second_factor.html", {"done": True})
    enrolment = account_services.start_totp_enrolment(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = account_services.complete_totp_enrolment(enrolment, form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, enrolment.device)
            return render(request, "safety/second_factor.html", {"done": True, "codes": codes})
        form.add_error("token", _("This code is not correct or has expired."))
    context = {"form": form, "qr_svg": enrolment.qr_svg, "secret": enrolment.secret}
    return render(request, "safety/second_factor.html", context)


@member_required
def warnings(request: HttpRequest) -> HttpResponse:
    profile = _verified_profile(request)
    if profile is None:
        return redirect("safety:member_home")
    items = list(selectors.warnings_for_member(profile))
    record(
        request.user, AuditAction.READ, "safety.warnings", detail=f"warnings listed: {len(items)}"
    )
    return render(
        request, "safety/warnings.html", {"warnings": items, "regions": profile.regions.all()}
    )


def _report_view(
    request: HttpRequest, *, kind: str, template: str, organisation=None
) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reporter = request.user if request.user.is_authenticated else None
        report = services.submit_report(
            data,
            kind=kind,
            numbers=data["perpetrator_numbers"],
            reporter=reporter,
            organisation=organisation,
        )
        request.session["safety_report_reference"] = report.reference
        return redirect("safety:report_thanks")
    return render(request, template, {"form": form, "kind": kind, "violence_forms": ViolenceForm})


@member_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if _verified_profile(request) is None:
        return redirect("safety:member_home")
    return _report_view(request, kind=ReporterKind.MEMBER, template="safety/report.html")


@public
@require_http_methods(["GET", "POST"])
def report_anonymous(request: HttpRequest) -> HttpResponse:
    return _report_view(request, kind=ReporterKind.ANONYMOUS, template="safety/report.html")


@staff_required(*REPORTING_STAFF)
@require_http_methods(["GET", "POST"])
def report_on_behalf(request: HttpRequest) -> HttpResponse:
    return _report_view(
        request,
        kind=ReporterKind.ORGANISATION,
        template="safety/report.html",
        organisation=request.user.organisation,
    )


@public
def report_thanks(request: HttpRequest) -> HttpResponse:
    reference = request.session.pop("safety_report_reference", "")
    return render(request, "safety/report_thanks.html", {"reference": reference})


def _answer_lines(answers: list[services.NumberAnswer] | None) -> list[dict] | None:
    """The result per number as the page shows it: composed here rather than with template
    loops, which cost a good part of the number check's budget (issue 6)."""
    if answers is None:
        return None
    labels = dict(ViolenceForm.choices)
    lines = []
    for answer in answers:
        line = {"number": answer.number, "warnings": answer.warnings, "error": ""}
        if answer.warnings:
            line["summary"] = ngettext(
                "%(counter)s published warning mentions this number.",
                "%(counter)s published warnings mention this number.",
                answer.warnings,
            ) % {"counter": answer.warnings}
            line["forms"] = ", ".join(str(labels.get(form, form)) for form in answer.forms)
            line["months"] = ", ".join(date_format(month, "F Y") for month in answer.months)
        lines.append(line)
    return lines


def _rate_limited(request: HttpRequest, retry_at: datetime) -> HttpResponse:
    local = timezone.localtime(retry_at)
    response = render(request, "safety/rate_limited.html", {"retry_at": local}, status=429)
    response["Retry-After"] = str(max(1, int((retry_at - timezone.now()).total_seconds())))
    return response


@member_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The number check. Numbers are only ever posted: a number in a URL would end up in
    server logs, browser history and the page's own language links. A GET with a query
    string (an old bookmark) is sent to the plain page, so the number is not echoed."""
    if request.method == "GET" and request.GET:
        return redirect("safety:check")
    form = NumberCheckForm(request.POST if request.method == "POST" else None)
    answers = None
    number_value = ""
    if request.method == "POST" and form.is_valid():
        # The service checks the membership itself, in the same query as the rate limit.
        try:
            answers = services.check_numbers(request.user, form.cleaned_data["number"])
        except services.NotAVerifiedMember:
            return redirect("safety:member_home")
        except services.RateLimited as exc:
            return _rate_limited(request, exc.retry_at)
    else:
        if _verified_profile(request) is None:
            return redirect("safety:member_home")
        number_value = request.POST.get("number", "")  # kept when it was not understood
    context = {
        "form": form,
        "answers": _answer_lines(answers),
        "bulk": False,
        "number_value": number_value,
        "per_hour": settings.SAFETY_CHECKS_PER_HOUR,
        "per_day": settings.SAFETY_CHECKS_PER_DAY,
    }
    return render(request, "safety/check.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def check_bulk(request: HttpRequest) -> HttpResponse:
    if _verified_profile(request) is None:
        return redirect("safety:member_home")
    form = BulkCheckForm(request.POST or None)
    lines = None
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["numbers"]
        readable = [line.e164 for line in typed if line.e164]
        try:
            answers = services.check_numbers(request.user, readable) if readable else []
        except services.NotAVerifiedMember:
            return redirect("safety:member_home")
        except services.RateLimited as exc:
            return _rate_limited(request, exc.retry_at)
        # Back into the order they were typed in; unreadable lines answered on their own.
        checked = iter(_answer_lines(answers))
        lines = [
            next(checked) if line.e164 else {"number": line.raw, "warnings": 0, "error": line.error}
            for line in typed
        ]
    context = {
        "form": form,
        "answers": lines,
        "bulk": True,
        "limit": settings.SAFETY_BULK_CHECK_MAX,
        "per_hour": settings.SAFETY_CHECKS_PER_HOUR,
        "per_day": settings.SAFETY_CHECKS_PER_DAY,
    }
    return render(request, "safety/check.html", context)


# --- staff: vouching, invitation codes ----------------------------------------------------


@staff_required(*REPORTING_STAFF)
@require_http_methods(["GET", "POST"])
def vouch(request: HttpRequest) -> HttpResponse:
    form = VouchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.vouch_for(form.cleaned_data["reference"], by=request.user) is not None:
            messages.success(request, _("Thank you: the membership is confirmed."))
            return redirect("safety:vouch")
        form.add_error("reference", _("No member is waiting with this reference."))
    return render(request, "safety/vouch.html", {"form": form})


@staff_required(*REPORTING_STAFF)
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    new_code = None
    if request.method == "POST":
        _invitation, new_code = services.create_invitation(organisation, by=request.user)
    codes = InvitationCode.objects.filter(organisation=organisation)[:50]
    return render(request, "safety/invitations.html", {"codes": codes, "new_code": new_code})


@staff_required(*REPORTING_STAFF)
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(
        InvitationCode, pk=invitation_id, organisation=request.user.organisation
    )
    services.revoke_invitation(invitation, by=request.user)
    messages.success(request, _("The code can no longer be used."))
    return redirect("safety:invitations")


# --- moderators -------------------------------------------------------------------------


@staff_required(Role.MODERATOR)
def queue(request: HttpRequest) -> HttpResponse:
    reports = selectors.moderation_queue().select_related("region")
    return render(request, "safety/queue.html", {"reports": reports})


@staff_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, report_id: int) -> HttpResponse:
    report = log_read(
        request, get_object_or_404(Report.objects.select_related("region"), pk=report_id)
    )
    numbers = list(report.numbers.all())
    initial = {
        "description": report.description,
        "perpetrator_names": report.perpetrator_names,
        "perpetrator_description": report.perpetrator_description,
        "perpetrator_vehicle": report.perpetrator_vehicle,
        "regions": [report.region_id],
        "expires_on": services.add_months(timezone.now(), settings.SAFETY_WARNING_MONTHS).date(),
        "decision": "publish" if report.wants_warning else "redact",
    }
    choices = [(str(n.pk), n.number_encrypted) for n in numbers]
    form = ModerationForm(request.POST or None, initial=initial, number_choices=choices)
    if request.method == "POST" and form.is_valid() and report.status == "submitted":
        data = form.cleaned_data
        services.redact_report(
            report,
            values={k: data[k] for k in services.REDACTABLE},
            remove_number_ids=[int(pk) for pk in data["remove_numbers"]],
            remove_contact=data["remove_contact"],
            by=request.user,
        )
        if data["decision"] == "publish":
            expires_on = data["expires_on"] or initial["expires_on"]
            expires_at = min(
                timezone.make_aware(datetime.combine(expires_on, time(23, 59))),
                services.latest_expiry(timezone.now()),
            )
            _warning, result = services.publish_warning(
                report,
                text=data["warning_text"],
                regions=data["regions"],
                expires_at=expires_at,
                by=request.user,
            )
            messages.success(
                request,
                _(
                    "The warning is published; %(sent)s members notified, "
                    "%(failed)s could not be reached."
                )
                % {"sent": result.sent, "failed": result.failed},
            )
            return redirect("safety:queue")
        if data["decision"] == "reject":
            services.reject_report(report, reason=data["rejection_reason"], by=request.user)
            messages.success(request, _("The report is rejected."))
            return redirect("safety:queue")
        messages.success(request, _("The redaction is saved."))
        return redirect("safety:moderate", report_id=report.pk)
    return render(
        request, "safety/moderate.html", {"report": report, "form": form, "numbers": numbers}
    )


@staff_required(Role.MODERATOR)
def published_warnings(request: HttpRequest) -> HttpResponse:
    """Every warning members can see now, and the ones taken down in the last 90 days."""
    items = selectors.warnings_for_moderators()
    record(request.user, AuditAction.READ, "safety.safetywarning", detail="warning list")
    return render(request, "safety/moderation_warnings.html", {"items": items})


@staff_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def warning_edit(request: HttpRequest, warning_id: int) -> HttpResponse:
    """Re-moderate a published warning: correct its text, regions or expiry, or withdraw it."""
    warning = log_read(
        request, get_object_or_404(SafetyWarning.objects.select_related("report"), pk=warning_id)
    )
    published_on = timezone.localtime(warning.published_at).date()
    initial = {
        "action": "correct",
        "text": warning.text,
        "regions": list(warning.regions.all()),
        "expires_on": timezone.localtime(warning.expires_at).date(),
    }
    form = WarningCorrectionForm(request.POST or None, initial=initial, published_on=published_on)
    if request.method == "POST" and warning.is_published and form.is_valid():
        data = form.cleaned_data
        if data["action"] == "withdraw":
            services.withdraw_warning(warning, reason=data["withdraw_reason"], by=request.user)
            messages.success(request, _("The warning is withdrawn. Members no longer see it."))
            return redirect("safety:published_warnings")
        expires_at = timezone.make_aware(datetime.combine(data["expires_on"], time(23, 59)))
        try:
            services.correct_warning(
                warning,
                text=data["text"],
                regions=data["regions"],
                expires_at=expires_at,
                by=request.user,
            )
        except services.ExpiryTooLate:
            form.add_error(
                "expires_on",
                _("A warning expires at most %(months)s months after it was published.")
                % {"months": services.MAX_WARNING_MONTHS},
            )
        else:
            messages.success(request, _("The warning is corrected."))
            return redirect("safety:warning_edit", warning_id=warning.pk)
    latest = services.latest_expiry(warning.published_at)
    return render(
        request,
        "safety/warning_edit.html",
        {"warning": warning, "form": form, "latest_expiry": latest},
    )


@staff_required(Role.MODERATOR)
def members(request: HttpRequest) -> HttpResponse:
    profiles = MemberProfile.objects.select_related("verified_by_organisation").order_by(
        "-created_at"
    )[:200]
    record(request.user, AuditAction.READ, "safety.memberprofile", detail="member list")
    return render(
        request, "safety/members.html", {"profiles": profiles, "form": MemberStatusForm()}
    )


@staff_required(Role.MODERATOR)
@require_POST
def member_status(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(MemberProfile, pk=profile_id)
    form = MemberStatusForm(request.POST)
    if form.is_valid() and profile.status != MemberStatus.PENDING:
        services.set_member_status(profile, form.cleaned_data["status"], by=request.user)
        messages.success(request, _("The member's status is changed."))
    return redirect("safety:members")


@staff_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest) -> HttpResponse:
    form = DataSubjectRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = Report.objects.filter(
            reference=form.cleaned_data["report_reference"].strip().upper()
        ).first()
        if report is None:
            form.add_error("report_reference", _("No report has this reference."))
        else:
            item = services.record_request(
                report=report,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                by=request.user,
            )
            return redirect("safety:request_decide", request_id=item.pk)
    items = DataSubjectRequest.objects.all()[:100]
    return render(request, "safety/requests.html", {"form": form, "items": items})


@staff_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    item = log_read(request, get_object_or_404(DataSubjectRequest, pk=request_id))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and item.decision == RequestDecision.OPEN:
        services.decide_request(
            item,
            grant=form.cleaned_data["grant"] == "yes",
            reason=form.cleaned_data["reason"],
            corrected_text=form.cleaned_data["corrected_text"],
            by=request.user,
        )
        messages.success(request, _("The decision is recorded."))
        return redirect("safety:requests")
    return render(request, "safety/request_decide.html", {"item": item, "form": form})


@public
@require_http_methods(["GET", "POST"])
def public_request(request: HttpRequest) -> HttpResponse:
    """Anyone with a report's reference may ask a moderator to remove or correct it."""
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = selectors.report_by_reference(data["report_reference"])
        if report is None:
            form.add_error(
                "report_reference",
                _("We do not know this reference. Please check it: it has 8 letters and digits."),
            )
        else:
            details = data["details"].strip()
            if data["reply_to"].strip():
                details += "\n\n" + _("Reply to:") + " " + data["reply_to"].strip()
            services.record_request(report=report, kind=data["kind"], details=details, by=None)
            return redirect("safety:public_request_sent")
    return render(request, "safety/public_request.html", {"form": form})


@public
def public_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/public_request_sent.html")


@staff_required(Role.MODERATOR)
def police_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format")
    if fmt == "csv":
        record(request.user, AuditAction.EXPORT, "safety.report", detail="police export as CSV")
        response = HttpResponse(selectors.police_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="koers-police-export.csv"'
        return response
    if fmt == "pdf":
        record(request.user, AuditAction.EXPORT, "safety.report", detail="police export as PDF")
        response = HttpResponse(selectors.police_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="koers-police-export.pdf"'
        return response
    count = selectors.police_export_reports().count()
    return render(request, "safety/police_export.html", {"count": count})
