"""The audit page's address (``/audit/``, names ``audit:…``); see ``audit_log``."""

from django.urls import path

from . import audit_log

app_name = "audit"
urlpatterns = [path("", audit_log.organisation_log, name="organisation_log")]
