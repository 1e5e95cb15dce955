from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_national", "is_active")
    list_filter = ("kind", "is_national", "is_active", "regions")
    search_fields = ("name",)
    filter_horizontal = ("regions",)
