"""Admin for regions and municipalities, with a CSV upload that reports every bad row."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Municipality, Region
from .services import import_municipalities


class MunicipalityCsvForm(forms.Form):
    csv_file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Columns: municipality, region (slug or name), optional cbs_code."),
    )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "is_lead", "cbs_code")
    list_filter = ("region", "is_lead")
    search_fields = ("name",)
    change_list_template = "admin/regions/municipality/change_list.html"

    def get_urls(self):
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv),
                name="regions_municipality_import",
            )
        ]
        return custom + super().get_urls()

    def import_csv(self, request):
        form = MunicipalityCsvForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["csv_file"].read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                form.add_error("csv_file", _("The file is not UTF-8 text."))
            else:
                report = import_municipalities(text)
                if report.ok:
                    messages.success(
                        request,
                        _(
                            "Imported: %(created)s new, %(updated)s updated, "
                            "%(unchanged)s unchanged."
                        )
                        % {
                            "created": report.created,
                            "updated": report.updated,
                            "unchanged": report.unchanged,
                        },
                    )
                    return redirect("admin:regions_municipality_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "report": report,
            "opts": self.model._meta,
            "title": _("Import municipalities"),
        }
        return TemplateResponse(request, "admin/regions/municipality/import.html", context)
