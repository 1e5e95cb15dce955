"""Forms for logging in, the second factor and staff management."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Role, User, UserKind


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
