"""Notifications by mail or SMS through a pluggable backend (console/file by default)."""
