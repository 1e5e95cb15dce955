"""Support directory: every offer of support, findable by need, place, group and language (HSDS 3.0)."""
