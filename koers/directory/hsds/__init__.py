"""HSDS 3.0 exchange: Koers records ↔ HSDS JSON (export, API payloads, import).

Written here rather than taken from a library because no maintained Python package maps
HSDS 3.0; the mapping is Koers-specific anyway (Koers facts travel as HSDS *attributes*
of the Koers taxonomies in :mod:`koers.directory.vocabulary`, translations as attributes of
the ``koers-translation`` taxonomy, so an export re-imports to equal data).

- :mod:`.terms` — the Koers taxonomies and terms, with ids derived from their codes;
- :mod:`.writing` — Koers → HSDS (the export file and the API pages);
- :mod:`.validation` — the official schemas and the report of every problem;
- :mod:`.reading` — HSDS → Koers, all or nothing.
"""

from ..vocabulary import LifeDomain, TargetGroup, taxonomy_uuid
from .reading import import_hsds
from .terms import (
    ORG_TAXONOMIES,
    _all_taxonomies,
    _terms_by_id_static,
    all_terms,
    derived_id,
    taxonomy_payload,
    term_payload,
)
from .validation import SCHEMA_DIR, ImportReport
from .writing import (
    export_all,
    organisation_basic,
    organisation_full,
    organisations_for_export,
    service_basic,
    service_full,
    services_for_export,
)

__all__ = [
    "ORG_TAXONOMIES",
    "SCHEMA_DIR",
    "ImportReport",
    "LifeDomain",
    "TargetGroup",
    "_all_taxonomies",
    "_terms_by_id_static",
    "all_terms",
    "derived_id",
    "export_all",
    "import_hsds",
    "organisation_basic",
    "organisation_full",
    "organisations_for_export",
    "service_basic",
    "service_full",
    "services_for_export",
    "taxonomy_payload",
    "taxonomy_uuid",
    "term_payload",
]
