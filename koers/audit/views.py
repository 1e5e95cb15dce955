"""The coordinator's view of their organisation's audit entries."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.accounts.access import staff_required
from koers.accounts.models import Role

from .selectors import entries_for_organisation, object_type_label

PAGE_SIZE = 50


@staff_required(Role.COORDINATOR)
def organisation_log(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    page = Paginator(entries_for_organisation(organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(entry, object_type_label(entry.object_type)) for entry in page]
    return render(
        request,
        "audit/organisation_log.html",
        {"page": page, "rows": rows, "organisation": organisation},
    )
