"""Validating HSDS input against the official schemas, and the report that names every
problem by record and field (the import is all-or-nothing: one problem, nothing written)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "hsds_schema"


@dataclass
class ImportReport:
    """Counts when it worked, or every problem (record, field, message) when nothing was
    imported."""

    organisations: int = 0
    services: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@lru_cache(maxsize=4)
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        resources.append(
            (
                path.name,
                Resource.from_contents(
                    json.loads(path.read_text()), default_specification=_draft()
                ),
            )
        )
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMA_DIR / name).read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _draft() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def _path(error: Any) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(record)"


def record_label(kind: str, index: int, record: Any) -> str:
    """``service 2 (Woonhulp)``: how the report names a record."""
    if isinstance(record, dict):
        name = record.get("name") or record.get("id") or ""
        return f"{kind} {index + 1} ({name})" if name else f"{kind} {index + 1}"
    return f"{kind} {index + 1}"


def schema_errors(schema: str, record: Any, label: str, report: ImportReport) -> bool:
    """Add every way ``record`` breaks the official ``schema`` to ``report``, in the order of
    the fields; True when there was any."""
    errors = sorted(_validator(schema).iter_errors(record), key=lambda e: list(e.absolute_path))
    for error in errors:
        report.errors.append((label, _path(error), error.message))
    return bool(errors)
