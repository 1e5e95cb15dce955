"""Keep compiled catalogues current for test runs.

A developer who edits a ``.po`` file and runs ``pytest`` straight away should see the new
text, not a stale ``.mo`` from an earlier compile; Django caches catalogues per process,
so after compiling the cache is emptied as well.
"""

from django.utils.translation import trans_real

from koers.pages.management.commands.compile_translations import compile_stale_catalogues


def refresh_compiled_translations() -> int:
    """Compile changed catalogues and forget cached ones. Returns how many were compiled."""
    compiled = compile_stale_catalogues()
    # Another process (a parallel test worker) may have compiled just now: always forget.
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()
    return compiled
