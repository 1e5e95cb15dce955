from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User, UserKind


class MembershipFormSet(BaseInlineFormSet):
    """Checks across all rows at once, which ``Membership.clean`` (one row) cannot: a user
    being created or edited here gets one organisation, and members get no staff role."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if kept and self.instance.kind != UserKind.STAFF:
            raise ValidationError(_("Sex-worker members cannot hold a staff role."))
        organisations = {data["organisation"].pk for data in kept if data.get("organisation")}
        if len(organisations) > 1:
            raise ValidationError(_("A staff user belongs to one organisation only."))


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "kind", "is_active", "last_login")
    list_filter = ("kind", "is_active")
    fieldsets = DjangoUserAdmin.fieldsets + (("Koers", {"fields": ("kind",)}),)
    inlines = [MembershipInline]


# Second-factor devices are managed through Koers' own enrolment and the coordinator's reset,
# never edited by hand: the django-otp admin pages (which also want the optional `qrcode`
# package) are removed so no device secret or QR code is ever shown in the admin.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
