"""The Django admin, open only to verified site administrators and logged in through Koers'
own two-factor login instead of the admin's password-only form.

Imports of models happen inside the methods: Django imports this module (through
``KoersAdminConfig``) before the app registry is ready.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class KoersAdminSite(admin.AdminSite):
    site_header = "Koers"
    site_title = "Koers"
    index_title = "Koers"

    def has_permission(self, request: HttpRequest) -> bool:
        from .models import Role

        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and user.is_verified()
            and user.has_role(Role.SITE_ADMINISTRATOR)
        )

    def login(self, request: HttpRequest, extra_context=None):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next", "/admin/"))


class KoersAdminConfig(AdminConfig):
    default_site = "koers.accounts.admin_site.KoersAdminSite"
