"""Realistic, deterministic demo data. Each app registers a generator in its ``demo.py``."""
