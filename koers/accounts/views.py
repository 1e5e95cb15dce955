"""Login with a second factor, enrolment, recovery codes, and staff management.

Flow: password (rate-limited and locked by django-axes) → for staff without an authenticator,
enrolment → otherwise the code from the authenticator or a recovery code. Only then do staff
views open (see ``access.staff_required``).
"""

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from koers.audit.models import AuditAction
from koers.audit.services import record

from . import services
from .access import public, staff_required
from .forms import LoginForm, StaffCreateForm, TokenForm
from .models import Role, User, UserKind
from .selectors import has_confirmed_totp, staff_of


def _next_url(request: HttpRequest, default: str = "accounts:dashboard") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _start_page(user: User) -> str:
    """Where staff land after logging in: case workers on their day ("Today")."""
    if user.has_role(Role.PROFESSIONAL, Role.COORDINATOR):
        return "trajectories:today"
    return "accounts:dashboard"


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
            return redirect(_next_url(request, _start_page(request.user)))
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
    device = services.start_totp_enrolment(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_enrolment(device, form.cleaned_data["token"]):
            otp_login(request, device)
            codes = services.new_recovery_codes(user)
            record(user, AuditAction.UPDATE, user, detail="second factor enrolled")
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": True})
        form.add_error("token", _("This code is not correct or has expired."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    context = {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _next_url(request, "")}
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
