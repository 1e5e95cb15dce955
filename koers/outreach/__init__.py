"""Outreach: fieldwork before there is a file. Outreach workers log anonymous counts of the
people they reached at venues and online (no names, no descriptions of people), so that a
region can see whom it reaches and whom it misses."""
