"""People who log in: staff with roles in an organisation, and sex-worker members."""
