"""Support directory: every offer of support, findable by need, place, group and language.

Modelled on HSDS 3.0 (Open Referral)."""
