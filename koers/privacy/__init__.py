"""Privacy building blocks: encryption at rest and keyed hashes for identifying data."""
