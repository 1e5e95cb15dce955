"""Append-only, tamper-evident audit log of who did what to which sensitive object."""
