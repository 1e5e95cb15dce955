"""The default mapping shipped with Koers: the 18 DUUP regions and their lead municipalities,
as (region slug, region name, lead municipality's official name). Seeded by migration 0002,
which keeps its own frozen copy as migrations must."""

import importlib

DUUP_REGIONS: list[tuple[str, str, str]] = importlib.import_module(
    "koers.regions.migrations.0002_seed_duup_regions"
).DUUP_REGIONS
