"""Koers: support, safety and outcome monitoring for sex workers who want to change work."""
