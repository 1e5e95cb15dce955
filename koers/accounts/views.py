"""Login with a second factor, enrolment, recovery codes, staff management, and the pages
people use to manage their own account: password, recovery, sessions, download, deletion.

Flow: password (rate-limited and locked by django-axes) → for staff without an authenticator,
enrolment → otherwise the code from the authenticator or a recovery code. Only then do staff
views open (see ``access.staff_required``).

Recovery: a member asks for a code by the mail address or phone number they registered
(``forgot``), enters it (``forgot_code``) and chooses a new password (``new_password``); a
staff member enters the one-time code a coordinator issued (``staff_code``) and then does the
same. Either way they log in again afterwards, second factor included.
"""

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, TimestampSigner
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from koers.audit.models import AuditAction
from koers.audit.services import record

from . import selectors, services
from .access import account_required, member_required, public, staff_required
from .forms import (
    ConfirmPasswordForm,
    ForgotPasswordForm,
    IssueStaffResetForm,
    LoginForm,
    ResetCodeForm,
    StaffCreateForm,
    StaffResetCodeForm,
    TokenForm,
)
from .models import AccountSession, Role, User, UserKind
from .selectors import has_confirmed_totp, staff_of


def _next_url(request: HttpRequest, default: str = "accounts:dashboard") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _with_next(name: str, request: HttpRequest) -> HttpResponse:
    response = redirect(name)
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url:
        response["Location"] += "?" + urlencode({"next": next_url})
    return response


@public
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        if has_confirmed_totp(user):
            return _with_next("accounts:verify", request)
        if user.kind == UserKind.STAFF:
            return _with_next("accounts:enrol", request)
        return redirect(_next_url(request, "pages:home"))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")})


@public
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            record(request.user, AuditAction.LOGIN, request.user, detail="second factor passed")
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not correct or has expired."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request, "")})


@public
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if has_confirmed_totp(user):
        return _with_next("accounts:verify", request)
    enrolment = services.start_totp_enrolment(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.complete_totp_enrolment(enrolment, form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, enrolment.device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": True})
        form.add_error("token", _("This code is not correct or has expired."))
    context = {
        "form": form,
        "qr_svg": enrolment.qr_svg,
        "secret": enrolment.secret,
        "next": _next_url(request, ""),
    }
    return render(request, "accounts/enrol.html", context)


@require_POST
@public
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("pages:home")


@staff_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html", {"memberships": request.user.memberships})


@staff_required()
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        codes = services.new_recovery_codes(request.user)
        record(request.user, AuditAction.UPDATE, request.user, detail="recovery codes renewed")
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": False})
    return render(request, "accounts/recovery_codes_renew.html")


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_staff_user(
                username=data["username"],
                password=data["password"],
                organisation=organisation,
                roles=data["roles"],
                email=data["email"],
                by=request.user,
            )
        except ValidationError as exc:
            # The form checked everything it could; what the model still finds (a race on
            # the user name, say) goes to the field it names, or to the top of the form.
            if hasattr(exc, "error_dict"):
                for field_name, errors in exc.error_dict.items():
                    form.add_error(field_name if field_name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The account was created."))
            return redirect("accounts:staff")
    context = {"staff": staff_of(organisation), "form": form, "organisation": organisation}
    return render(request, "accounts/staff_list.html", context)


def _colleague(request: HttpRequest, user_id: int) -> User:
    colleague = get_object_or_404(staff_of(request.user.organisation), pk=user_id)
    if colleague.pk == request.user.pk:
        raise PermissionDenied
    return colleague


@staff_required(Role.COORDINATOR)
@require_POST
def staff_reset_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    colleague = _colleague(request, user_id)
    services.reset_second_factor(colleague, by=request.user)
    messages.success(
        request,
        _("%(name)s sets up a new second factor at the next login.") % {"name": colleague.username},
    )
    return redirect("accounts:staff")


@staff_required(Role.COORDINATOR)
@require_POST
def staff_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    colleague = _colleague(request, user_id)
    services.deactivate_user(colleague, by=request.user)
    messages.success(request, _("%(name)s can no longer log in.") % {"name": colleague.username})
    return redirect("accounts:staff")


# --- changing one's password -----------------------------------------------------------------


@account_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = services.change_password(request, request.user, form.cleaned_data["new_password1"])
        messages.success(
            request,
            _("Your password is changed. Other sessions ended: %(count)s.") % {"count": ended},
        )
        return redirect("accounts:password_change")
    return render(request, "accounts/password_change.html", {"form": form})


# --- recovery --------------------------------------------------------------------------------

RESET_TOKEN = "koers_reset_token"  # noqa: S105 - a session key name
RESET_TRIES = "koers_reset_tries"
RESET_USER = "koers_reset_user"
RESET_AT = "koers_reset_at"
SESSION_CODE_TRIES = 5


def _client(request: HttpRequest) -> str:
    """The visitor's address exactly as the login lockout sees it: django-axes asks
    ``AXES_CLIENT_IP_CALLABLE`` (``koers.pages.client_address.client_ip``, which honours
    ``TRUSTED_PROXY_COUNT``). Asked through axes because pages depends on accounts, not
    the other way round."""
    return get_client_ip_address(request) or "unknown"


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "accounts/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


class SendAfterResponse(HttpResponseRedirect):
    """A redirect that runs ``deliver`` when the server closes it — after the answer was
    sent to the visitor (WSGI servers call ``close()`` once the body is written), still
    inside the request, so the database connection is open for an audit entry."""

    def __init__(self, url: str, *, deliver: Callable[[], None]) -> None:
        super().__init__(url)
        self._deliver = deliver

    def close(self) -> None:
        try:
            self._deliver()
        finally:
            super().close()


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@public
@require_http_methods(["GET", "POST"])
def forgot(request: HttpRequest) -> HttpResponse:
    """Ask for a code. Whether an account has the address is never shown: the answer is the
    same page after the same minimum time, the session is written either way, and the code
    is sent only once the answer has gone out (``SendAfterResponse``)."""
    started = time.monotonic()
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel, address = form.cleaned_data["address"]
        try:
            reset = services.request_member_reset(channel, address, client=_client(request))
        except services.TooManyAttempts:
            return _too_many(request)
        request.session[RESET_TOKEN] = reset.token
        request.session[RESET_TRIES] = 0
        remaining = settings.ACCOUNT_RESET_ANSWER_MS / 1000 - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        return SendAfterResponse(reverse("accounts:forgot_code"), deliver=reset.deliver)
    return render(request, "accounts/forgot.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def forgot_code(request: HttpRequest) -> HttpResponse:
    token = request.session.get(RESET_TOKEN)
    if not token:
        return redirect("accounts:forgot")
    form = ResetCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tries = request.session.get(RESET_TRIES, 0)
        if tries >= SESSION_CODE_TRIES:
            request.session.pop(RESET_TOKEN, None)
            messages.error(request, _("Too many wrong codes. Ask for a new code."))
            return redirect("accounts:forgot")
        try:
            user = services.verify_member_reset_code(
                token, form.cleaned_data["code"], client=_client(request)
            )
        except services.TooManyAttempts:
            return _too_many(request)
        if user is None:
            request.session[RESET_TRIES] = tries + 1
            form.add_error("code", _("This code is not correct or has expired."))
        else:
            request.session.pop(RESET_TOKEN, None)
            request.session.cycle_key()  # a new key for the session that may set a password
            request.session[RESET_USER] = user.pk
            request.session[RESET_AT] = timezone.now().isoformat()
            return redirect("accounts:new_password")
    context = {"form": form, "minutes": settings.ACCOUNT_RESET_CODE_MINUTES}
    return _no_store(render(request, "accounts/forgot_code.html", context))


@public
@require_http_methods(["GET", "POST"])
def staff_code(request: HttpRequest) -> HttpResponse:
    """A staff member enters the one-time code their coordinator issued."""
    form = StaffResetCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.redeem_staff_reset(
                form.cleaned_data["username"], form.cleaned_data["code"], client=_client(request)
            )
        except services.TooManyAttempts:
            return _too_many(request)
        if user is None:
            form.add_error(None, _("The user name or code is not correct, or the code expired."))
        else:
            request.session.cycle_key()
            request.session[RESET_USER] = user.pk
            request.session[RESET_AT] = timezone.now().isoformat()
            return redirect("accounts:new_password")
    return _no_store(render(request, "accounts/staff_code.html", {"form": form}))


def _reset_user(request: HttpRequest) -> User | None:
    """The user whose code was accepted in this session, while the window lasts."""
    user_id, at = request.session.get(RESET_USER), request.session.get(RESET_AT)
    if not user_id or not at:
        return None
    verified_at = datetime.fromisoformat(at)
    window = timedelta(minutes=settings.ACCOUNT_RESET_CODE_MINUTES)
    if timezone.now() - verified_at > window:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


@public
@require_http_methods(["GET", "POST"])
def new_password(request: HttpRequest) -> HttpResponse:
    user = _reset_user(request)
    if user is None:
        if request.session.pop(RESET_USER, None) is not None:
            messages.error(request, _("This reset has expired. Start again."))
        request.session.pop(RESET_AT, None)
        return redirect("accounts:forgot")
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        how = "member code" if user.kind == UserKind.MEMBER else "one-time staff code"
        services.reset_password(user, form.cleaned_data["new_password1"], how=how)
        request.session.pop(RESET_USER, None)
        request.session.pop(RESET_AT, None)
        messages.success(request, _("Your new password is set. Log in with it."))
        return redirect("accounts:login")
    return _no_store(render(request, "accounts/new_password.html", {"form": form}))


@staff_required(Role.COORDINATOR, Role.SITE_ADMINISTRATOR)
@require_POST
def staff_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """Issue a one-time password reset for a worker (coordinator: own organisation; site
    administrator: coordinators). The code is shown once, here."""
    worker = get_object_or_404(User, pk=user_id, kind=UserKind.STAFF, is_active=True)
    if not services.may_issue_staff_reset(request.user, worker):
        raise Http404
    form = IssueStaffResetForm(request.POST)
    reset_factor = form.is_valid() and form.cleaned_data["reset_second_factor"]
    code = services.issue_staff_reset(
        worker, by=request.user, reset_second_factor_too=bool(reset_factor)
    )
    context = {
        "worker": worker,
        "code": code,
        "hours": settings.ACCOUNT_STAFF_RESET_HOURS,
        "factor_reset": reset_factor,
        "back": "accounts:staff"
        if request.user.has_role(Role.COORDINATOR)
        else "accounts:coordinators",
    }
    return _no_store(render(request, "accounts/staff_reset_issued.html", context))


@staff_required(Role.SITE_ADMINISTRATOR)
def coordinators(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/coordinators.html",
        {"coordinators": selectors.coordinators(), "form": IssueStaffResetForm()},
    )


# --- sessions --------------------------------------------------------------------------------


@account_required
def sessions(request: HttpRequest) -> HttpResponse:
    current = request.session.session_key
    rows = [
        {"session": row, "current": row.session_key == current}
        for row in selectors.active_sessions(request.user)
    ]
    return render(request, "accounts/sessions.html", {"rows": rows})


@account_required
@require_POST
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    row = get_object_or_404(AccountSession, pk=session_id, user=request.user)
    if row.session_key == request.session.session_key:
        auth_logout(request)
        return redirect("pages:home")
    services.end_session(request.user, row.session_key)
    record(request.user, AuditAction.UPDATE, request.user, detail="one other session ended")
    messages.success(request, _("That session is logged out."))
    return redirect("accounts:sessions")


@account_required
@require_POST
def sessions_end_all(request: HttpRequest) -> HttpResponse:
    user = request.user
    ended = services.end_sessions(user, keep=request.session.session_key)
    record(user, AuditAction.UPDATE, user, detail=f"logged out everywhere: {ended + 1} sessions")
    auth_logout(request)
    return redirect("accounts:logged_out")


@public
def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/logged_out.html")


# --- members: their data, leaving ------------------------------------------------------------


@member_required
def my_data(request: HttpRequest) -> HttpResponse:
    sections = selectors.account_data_of(request.user)
    record(request.user, AuditAction.READ, request.user, detail="own data viewed")
    return _no_store(render(request, "accounts/my_data.html", {"sections": sections}))


@member_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = selectors.account_data_json(request.user)
    record(request.user, AuditAction.EXPORT, request.user, detail="own data downloaded as JSON")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="koers-my-data.json"'
    return _no_store(response)


DELETE_SALT = "koers.accounts.delete"
DELETE_CONFIRM_SECONDS = 600


@member_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Two steps: the password, then one more explicit "delete" within ten minutes."""
    user = request.user
    signer = TimestampSigner(salt=DELETE_SALT)
    expected = f"{user.pk}:{request.session.session_key}"
    if request.method == "POST" and "confirm" in request.POST:
        try:
            confirmed = signer.unsign(request.POST["confirm"], max_age=DELETE_CONFIRM_SECONDS)
        except BadSignature:
            confirmed = None
        if confirmed != expected:
            messages.error(request, _("This confirmation has expired. Start again."))
            return redirect("accounts:delete")
        services.delete_member_account(user)
        auth_logout(request)
        return render(request, "accounts/deleted.html")
    form = ConfirmPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        context = {"confirm": signer.sign(expected)}
        return _no_store(render(request, "accounts/delete_confirm.html", context))
    return render(request, "accounts/delete.html", {"form": form})
