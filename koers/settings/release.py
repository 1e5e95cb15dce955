"""The release identifier: one string that is the same on every host running the same code.

Shared caches (Redis) are read by every app server, so what a cache key says about the code
that rendered an entry must not depend on the host: not file modification times (a fresh
checkout or a copied tree has new ones), not a path. In order of preference:

1. ``KOERS_RELEASE`` from the environment (the deployment sets it, e.g. to the git tag);
2. the git revision of the working tree (``git rev-parse HEAD``), when it is a checkout;
3. the installed package version (``koers`` in ``pyproject.toml``).

Uncommitted edits do not change the git revision: a developer sharing a Redis between
processes while editing templates should set ``KOERS_RELEASE`` or clear the cache.
"""

import os
import shutil
import subprocess  # noqa: S404 - a fixed git command, no user input
from importlib import metadata
from pathlib import Path


def release_id(base_dir: Path) -> str:
    explicit = os.environ.get("KOERS_RELEASE", "").strip()
    if explicit:
        return explicit
    git = shutil.which("git")
    if git and (base_dir / ".git").exists():
        try:
            revision = subprocess.run(  # noqa: S603 - fixed arguments
                [git, "-C", str(base_dir), "rev-parse", "--short=12", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            revision = ""
        if revision:
            return f"git-{revision}"
    try:
        return f"v{metadata.version('koers')}"
    except metadata.PackageNotFoundError:
        return "unknown"
