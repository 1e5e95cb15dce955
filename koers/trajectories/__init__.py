"""Trajectories: the long-term case file a social worker keeps with one fixed contact person."""
