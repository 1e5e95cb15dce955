"""The outbox for administrators: what waits, what failed, what is uncertain — never the
address or the text (they may identify a member; the list shows the key and the status)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ("key", "channel", "status", "attempts", "created_at", "sent_at", "last_error")
    list_filter = ("status", "channel")
    search_fields = ("key",)
    fields = (*list_display, "next_attempt_at", "claimed_at")
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send failed or uncertain messages again"))
    def send_again(self, request, queryset) -> None:
        count = sum(services.send_again(message) for message in queryset)
        self.message_user(
            request, _("%(count)s messages queued again.") % {"count": count}, messages.SUCCESS
        )
