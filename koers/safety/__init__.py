"""Safety: incident reports, moderated warnings and the client number check."""
