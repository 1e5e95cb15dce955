"""Forms for logging in, the second factor and staff management."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Role, User, UserKind
from .services import recovery_address


class LoginForm(AuthenticationForm):
    """Django's login form with one generic error for every failure."""

    error_messages = {
        "invalid_login": _("The user name or password is not correct."),
        "inactive": _("The user name or password is not correct."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip().replace(" ", "")


STAFF_ROLES = [(value, label) for value, label in Role.choices if value != Role.SITE_ADMINISTRATOR]


class StaffCreateForm(forms.Form):
    username = forms.CharField(
        label=_("User name"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(label=_("Work e-mail (optional)"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=STAFF_ROLES, widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=True),
        help_text=_(
            "At least 12 characters. Share it in person; the colleague sets up a second factor "
            "at first login."
        ),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken."))
        return username

    def clean(self) -> dict:
        """Check the password here, so a weak one is reported at its field with the rest kept."""
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                kind=UserKind.STAFF,
            )
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class ForgotPasswordForm(forms.Form):
    address = forms.CharField(
        label=_("Your e-mail address or mobile number"),
        max_length=254,
        help_text=_("The one you gave when you joined."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def clean_address(self) -> tuple[str, str]:
        try:
            return recovery_address(self.cleaned_data["address"])
        except ValueError:
            raise ValidationError(
                _("Enter an e-mail address (name@example.nl) or a mobile number (06 12345678).")
            ) from None


class ResetCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().replace(" ", "")


class StaffResetCodeForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    code = forms.CharField(
        label=_("One-time code"),
        max_length=20,
        help_text=_("The code your coordinator gave you, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class IssueStaffResetForm(forms.Form):
    reset_second_factor = forms.BooleanField(
        label=_("Also reset the second factor (the phone with the authenticator app is lost)"),
        required=False,
    )


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This password is not correct."))
        return password
