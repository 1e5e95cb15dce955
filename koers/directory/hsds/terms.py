"""The Koers taxonomies and their terms as HSDS describes them, shared by writing (export,
API) and reading (import): ids are derived from the codes, so they are the same everywhere."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from koers.organisations.models import OrganisationKind
from koers.regions.models import Region

from ..vocabulary import (
    CONTENT_LANGUAGES,
    FEATURES,
    TAXONOMIES,
    taxonomy_uuid,
    term_uuid,
)

ORG_TAXONOMIES = {
    "koers-organisation-kind": (
        OrganisationKind,
        "Koers organisation kinds",
        "What kind of organisation.",
    )
}


def derived_id(parent: uuid.UUID | str, name: str) -> str:
    """A stable id for HSDS objects Koers does not store as rows (e.g. the cost attribute)."""
    return str(uuid.uuid5(uuid.UUID(str(parent)), name))


# --- taxonomies --------------------------------------------------------------------------


def _all_taxonomies() -> dict[str, tuple[Any, str, str]]:
    return {
        **TAXONOMIES,
        **ORG_TAXONOMIES,
        "koers-region": (None, "Koers regions", "DUUP regions."),
    }


def taxonomy_payload(code: str) -> dict[str, Any]:
    _vocab, name, description = _all_taxonomies()[code]
    return {"id": taxonomy_uuid(code), "name": name, "description": description, "version": "1"}


def _term_labels(taxonomy: str) -> dict[str, str]:
    vocabulary = _all_taxonomies()[taxonomy][0]
    if vocabulary is not None:
        return {value: str(vocabulary(value).label) for value in vocabulary.values}
    if taxonomy == "koers-feature":
        return dict(FEATURES)
    if taxonomy == "koers-translation":
        return {
            f"{f}:{lang}": f"{f} ({lang})"
            for f in ("name", "description")
            for lang in CONTENT_LANGUAGES
            if lang != "nl"
        }
    if taxonomy == "koers-region":
        return {r.slug: r.name for r in Region.objects.order_by("slug")}
    return {}


def term_payload(taxonomy: str, code: str, label: str | None = None) -> dict[str, Any]:
    label = label if label is not None else _term_labels(taxonomy).get(code, code)
    return {
        "id": term_uuid(taxonomy, code),
        "code": f"{taxonomy}:{code}",
        "name": label,
        "description": label,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_uuid(taxonomy),
        "language": "en",
    }


def all_terms() -> list[dict[str, Any]]:
    terms = []
    for taxonomy in _all_taxonomies():
        for code, label in _term_labels(taxonomy).items():
            terms.append(term_payload(taxonomy, code, label))
    return terms


@lru_cache(maxsize=1)
def _terms_by_id_static() -> dict[str, tuple[str, str]]:
    return {
        term_uuid(t, code): (t, code)
        for t in _all_taxonomies()
        if t != "koers-region"
        for code in _term_labels(t)
    }
