"""Settings modules: ``local`` (default, SQLite, safe defaults), ``test`` and ``production``.

Every value comes from an environment variable; see ``environment.py`` for the helpers and
``base.py`` for the list. ``production`` refuses to start on an insecure configuration.
"""
