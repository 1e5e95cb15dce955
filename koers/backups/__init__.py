"""Backup and restore of Koers's database (``manage.py backup PATH`` / ``restore PATH``).

A small core app of its own rather than part of ``privacy`` or ``audit``: a backup is an
operation on the whole database, owned by whoever runs the server, and depends on no
domain app (so every app may be backed up without importing anything from it).
"""
