"""Create-once key files for local use, kept in ``var/`` (never committed)."""

import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def local_key(var_dir: Path, name: str, kind: str) -> str:
    """Return the key stored in ``var_dir/name``, creating it on first use."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / name
    if not path.exists():
        value = Fernet.generate_key().decode() if kind == "fernet" else secrets.token_urlsafe(50)
        path.write_text(value)
        path.chmod(0o600)
    return path.read_text().strip()
