from django.contrib import admin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("job", "slot", "host", "started_at", "finished_at", "succeeded")
    list_filter = ("succeeded", "job")
    readonly_fields = (*list_display, "output")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
