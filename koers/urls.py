"""Root URLconf. Pages for people are under language prefixes (Dutch has none); machine
endpoints (health, static, admin) are not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from koers.converters import register as register_converters
from koers.pages import language, offline
from koers.pages import views as page_views

# Before the includes below: every app's URLconf uses the ``id`` converter.
register_converters()

admin.site.site_header = "Koers"
admin.site.site_title = "Koers"
admin.site.index_title = "Koers"

urlpatterns = [
    path("health/", page_views.health, name="health"),
    path("language/<str:code>/", language.choose, name="choose_language"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("exit/", page_views.quick_exit, name="quick_exit"),
    path("admin/", admin.site.urls),
    path("api/hsds/", include("koers.directory.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("koers.pages.urls")),
    path("account/", include("koers.accounts.urls")),
    path("audit/", include("koers.accounts.audit_urls")),
    path("support/", include("koers.directory.urls")),
    path("check/", include("koers.selfcheck.urls")),
    path("contact/", include("koers.contact.urls")),
    path("clients/", include("koers.trajectories.urls")),
    path("notices/", include("koers.accounts.notice_urls")),
    path("safety/", include("koers.safety.urls")),
    path("questionnaire/", include("koers.outcomes.urls")),
    path("outreach/", include("koers.outreach.urls")),
    path("activities/", include("koers.activities.urls")),
    path("monitoring/", include("koers.monitoring.urls")),
    prefix_default_language=False,
)

handler400 = "koers.pages.views.bad_request"
handler403 = "koers.pages.views.permission_denied"
handler404 = "koers.pages.views.page_not_found"
handler500 = "koers.pages.views.server_error"
