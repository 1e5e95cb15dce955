# ruff: noqa: E501
"""The HSDS 3.0 read-only API (``/api/hsds/…``) and its OpenAPI document.

Follows the HSDS API reference (``openapi.json`` of HSDS 3.0): fully nested records by id,
paginated lists of one-to-one fields with ``total_items``, ``total_pages``, ``page_number``,
``size``, ``first_page``, ``last_page``, ``empty`` and ``contents``. Bad query values (a
page that is not a number, an unknown id) give a 400/404 JSON answer, never a 500.
"""

from __future__ import annotations

import copy
import json
import math
import re
import uuid
from functools import lru_cache
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from koers.accounts.access import public
from koers.organisations.models import Organisation

from . import hsds
from .models import ServiceAttribute
from .selectors import public_services

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25


class BadRequest(Exception):
    pass


def _int_param(request: HttpRequest, name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    if not re.fullmatch(r"\d{1,9}", raw.strip()):
        raise BadRequest(f"{name} must be a whole number")
    return max(minimum, min(maximum, int(raw)))


def _page(request: HttpRequest, items: list | Any, render) -> dict[str, Any]:
    page = _int_param(request, "page", 1, 1, 10**9)
    per_page = _int_param(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    total_pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    contents = [render(item) for item in items[start : start + per_page]] if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": total == 0,
        "contents": contents,
    }


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


def api_view(view):
    """Public, GET only, JSON errors."""

    @public
    @require_GET
    def wrapped(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _error(str(error), 400)
        except Http404:
            return _error("not found", 404)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return public(wrapped)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise Http404 from error


@api_view
def index(request: HttpRequest):
    return _json(
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/3.0/",
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def services(request: HttpRequest):
    qs = public_services().select_related("organisation").order_by("name_nl", "pk")
    search = (request.GET.get("search") or "").strip()[:100]
    if search:
        qs = qs.filter(Q(name_nl__icontains=search) | Q(description_nl__icontains=search))
    organization_id = request.GET.get("organization_id")
    if organization_id:
        qs = qs.filter(organisation__hsds_id=_uuid_or_bad(organization_id, "organization_id"))
    term_id = request.GET.get("taxonomy_term_id")
    if term_id:
        term = hsds._terms_by_id_static().get(term_id)
        if term is None:
            qs = qs.none()
        else:
            qs = qs.filter(attributes__taxonomy=term[0], attributes__code=term[1])
    taxonomy_id = request.GET.get("taxonomy_id")
    if taxonomy_id:
        names = [
            t for t in ServiceAttribute.Taxonomy.values if hsds.taxonomy_uuid(t) == taxonomy_id
        ]
        qs = qs.filter(attributes__taxonomy__in=names).distinct() if names else qs.none()
    return _json(_page(request, qs, hsds.service_basic))


def _uuid_or_bad(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise BadRequest(f"{name} must be a UUID") from error


@api_view
def service_detail(request: HttpRequest, id: str):
    service = (
        hsds.services_for_export()
        .filter(hsds_id=_uuid(id))
        .filter(pk__in=public_services().values("pk"))
        .first()
    )
    if service is None:
        raise Http404
    return _json(hsds.service_full(service))


@api_view
def organizations(request: HttpRequest):
    qs = Organisation.objects.filter(is_active=True).order_by("name", "pk")
    search = (request.GET.get("search") or "").strip()[:100]
    if search:
        qs = qs.filter(name__icontains=search)
    return _json(_page(request, qs, hsds.organisation_basic))


@api_view
def organization_detail(request: HttpRequest, id: str):
    org = hsds.organisations_for_export().filter(hsds_id=_uuid(id), is_active=True).first()
    if org is None:
        raise Http404
    data = hsds.organisation_full(org)
    return _json(data)


@api_view
def taxonomies(request: HttpRequest):
    items = [hsds.taxonomy_payload(code) for code in hsds._all_taxonomies()]
    return _json(_page(request, items, lambda item: item))


@api_view
def taxonomy_detail(request: HttpRequest, id: str):
    for code in hsds._all_taxonomies():
        if hsds.taxonomy_uuid(code) == id:
            return _json(hsds.taxonomy_payload(code))
    raise Http404


@api_view
def taxonomy_terms(request: HttpRequest):
    terms = hsds.all_terms()
    taxonomy_id = request.GET.get("taxonomy_id")
    if taxonomy_id:
        terms = [t for t in terms if t["taxonomy_id"] == taxonomy_id]
    return _json(_page(request, terms, lambda item: item))


@api_view
def taxonomy_term_detail(request: HttpRequest, id: str):
    for term in hsds.all_terms():
        if term["id"] == id:
            return _json(term)
    raise Http404


# --- OpenAPI -----------------------------------------------------------------------------


def _localise_refs(node: Any) -> Any:
    """Point every ``$ref`` at ``#/components/schemas/…`` so the document is self-contained
    (no request leaves Koers, not even from API tooling)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                name = value.rsplit("/", 1)[-1].removesuffix(".json")
                out[key] = f"#/components/schemas/{name}"
            else:
                out[key] = _localise_refs(value)
        return out
    if isinstance(node, list):
        return [_localise_refs(item) for item in node]
    return node


def _page_schema(item_ref: str) -> dict:
    return {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": item_ref}}},
    }


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the Koers HSDS API, built from the HSDS schema parts."""
    schemas: dict[str, Any] = {}
    for path in sorted(hsds.SCHEMA_DIR.glob("*.json")):
        schema = json.loads(path.read_text())
        schemas[path.stem] = _localise_refs(schema)
    schemas["Page"] = {
        "type": "object",
        "properties": {
            "total_items": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
        },
    }
    schemas["Error"] = ERROR
    page_params = [
        {
            "name": "page",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        },
    ]
    search = {"name": "search", "in": "query", "required": False, "schema": {"type": "string"}}
    id_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    errors = {
        "400": _json_response("Invalid query value.", {"$ref": "#/components/schemas/Error"}),
        "404": _json_response("Not found.", {"$ref": "#/components/schemas/Error"}),
    }

    def listing(op: str, item: str, extra: list | None = None) -> dict:
        return {"get": {"operationId": op, "parameters": [search, *page_params, *(extra or [])],
                        "responses": {"200": _json_response("A page.", _page_schema(f"#/components/schemas/{item}")), **errors}}}  # fmt: skip

    def detail(op: str, item: str) -> dict:
        return {"get": {"operationId": op, "parameters": [id_param],
                        "responses": {"200": _json_response("One record.", {"$ref": f"#/components/schemas/{item}"}), **errors}}}  # fmt: skip

    def uuid_query(name: str) -> dict:
        return {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}

    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "Koers support directory (HSDS 3.0)",
                "version": "1.0",
                "description": "Read-only HSDS 3.0 API of the Koers support directory. Schemas © Open Referral, CC BY-SA 4.0.",
                "license": {"name": "CC BY-SA 4.0", "identifier": "CC-BY-SA-4.0"},
            },
            "servers": [{"url": "/api/hsds"}],
            "paths": {
                "/": {
                    "get": {
                        "operationId": "getAPIMetaInformation",
                        "responses": {
                            "200": _json_response(
                                "About this API.",
                                {
                                    "type": "object",
                                    "required": ["version"],
                                    "properties": {
                                        "version": {"type": "string"},
                                        "profile": {"type": "string"},
                                        "openapi_url": {"type": "string"},
                                    },
                                },
                            )
                        },
                    }
                },
                "/services": listing(
                    "getPaginatedListOfServices",
                    "service_list",
                    [
                        uuid_query("organization_id"),
                        uuid_query("taxonomy_term_id"),
                        uuid_query("taxonomy_id"),
                    ],
                ),
                "/services/{id}": detail("getFullyNestedServiceById", "service"),
                "/organizations": listing("getPaginatedListOfOrganizations", "organization_list"),
                "/organizations/{id}": detail("getFullyNestedOrganizationById", "organization"),
                "/taxonomies": listing("getPaginatedListOfTaxonomies", "taxonomy"),
                "/taxonomies/{id}": detail("getTaxonomyById", "taxonomy"),
                "/taxonomy_terms": listing(
                    "getPaginatedListOfTaxonomyTerms", "taxonomy_term", [uuid_query("taxonomy_id")]
                ),
                "/taxonomy_terms/{id}": detail("getTaxonomyTermById", "taxonomy_term"),
            },
            "components": {"schemas": schemas},
        }
    )


@api_view
def openapi(request: HttpRequest):
    return _json(openapi_document())
