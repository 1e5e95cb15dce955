"""Local development and demo: SQLite under ``var/``, debug off unless ``DEBUG=true``.

Debug stays off by default because the demo is how people meet Koers: an unknown address
must show the discreet, translated 404 page with the quick exit, never Django's debug page
that lists every URL (or a traceback). WhiteNoise serves the static files straight from the
apps' folders, so the demo needs no ``collectstatic``.

Keys that production must receive from the environment are generated once into ``var/``
so that a fresh checkout runs with zero set-up and no secret ever lives in the repository.
"""

import warnings

from .base import *  # noqa: F403
from .base import VAR_DIR
from .environment import env_bool
from .local_keys import local_key

DEBUG = env_bool("DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# With the finders WhiteNoise needs no collectstatic, but still warns that STATIC_ROOT is missing.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
DEMO_MODE = True
SECRET_KEY = SECRET_KEY or local_key(VAR_DIR, "secret_key", kind="django")  # noqa: F405
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [  # noqa: F405
    local_key(VAR_DIR, "field_encryption_key", kind="fernet")
]
HMAC_KEYS = HMAC_KEYS or [local_key(VAR_DIR, "hmac_key", kind="django")]  # noqa: F405
AUDIT_KEYS = AUDIT_KEYS or [local_key(VAR_DIR, "audit_key", kind="django")]  # noqa: F405
