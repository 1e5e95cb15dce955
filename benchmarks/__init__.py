"""Benchmarks: ``.venv/bin/python benchmarks/run.py`` (see README.md)."""
