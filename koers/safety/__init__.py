"""Safety: incident reports, moderated warnings and the number check of customers' phone numbers."""
