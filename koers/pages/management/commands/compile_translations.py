"""Compile the gettext catalogues (``.po`` → ``.mo``) with Babel.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine may not
have and which needs root to install; Babel is a Python package we already depend on, so
the demo command works with nothing but Python.

Each ``.mo`` file is written to a temporary file and moved into place, so a server or a
parallel test worker that reads catalogues at the same moment never sees half a file.
"""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_paths() -> list[Path]:
    """Every ``.po`` file under ``LOCALE_PATHS``."""
    paths: list[Path] = []
    for locale_path in settings.LOCALE_PATHS:
        paths.extend(sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")))
    return paths


def compile_catalogue(po_path: Path) -> None:
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    mo_path = po_path.with_suffix(".mo")
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; catalogues are public
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Compile every .po file under LOCALE_PATHS into a .mo file (uses Babel)."

    def handle(self, *args, **options) -> None:
        paths = catalogue_paths()
        for po_path in paths:
            compile_catalogue(po_path)
        self.stdout.write(f"Compiled {len(paths)} translation catalogue(s).")
