"""Organisations that take part in Koers and the regions they serve."""
