from django.contrib import admin
from django.db import models

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_national", "is_active")
    list_filter = ("kind", "is_national", "is_active", "regions")
    search_fields = ("name",)
    filter_horizontal = ("regions",)
    # A website typed without a scheme is read as https (Django 6's default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
