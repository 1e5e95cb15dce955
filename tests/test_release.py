"""The release identifier in shared cache keys is the same on every host running the same
code: it follows the git revision (or KOERS_RELEASE, or the package version), never file
modification times, which differ between two checkouts of the same code."""

import os
from pathlib import Path

from koers.settings.release import release_id

ROOT = Path(__file__).resolve().parent.parent


def test_touching_files_does_not_change_the_release(monkeypatch):
    monkeypatch.delenv("KOERS_RELEASE", raising=False)
    before = release_id(ROOT)
    target = ROOT / "koers" / "directory" / "views.py"
    stat = target.stat()
    try:
        os.utime(target, (stat.st_atime, stat.st_mtime + 3600))
        assert release_id(ROOT) == before
    finally:
        os.utime(target, (stat.st_atime, stat.st_mtime))


def test_a_copy_of_the_code_elsewhere_has_the_same_release(monkeypatch, tmp_path):
    monkeypatch.delenv("KOERS_RELEASE", raising=False)
    # No .git in the copy: the package version, the same for every host with this code.
    assert release_id(tmp_path) == release_id(tmp_path / "other")
    assert release_id(tmp_path).startswith("v")


def test_the_deployment_can_name_the_release(monkeypatch):
    monkeypatch.setenv("KOERS_RELEASE", "2026.12.1")
    assert release_id(ROOT) == "2026.12.1"
