"""The 18 DUUP regions and the municipality → region mapping administrators maintain."""
