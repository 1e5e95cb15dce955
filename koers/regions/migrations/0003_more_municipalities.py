"""Seed more municipalities (data/municipalities.csv) so visitors can type their own town.

Only adds municipalities that do not exist yet; never moves an existing one, so a mapping an
administrator already maintained is left alone. The 18 lead municipalities are untouched.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def seed(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Municipality = apps.get_model("regions", "Municipality")
    regions = {region.slug: region for region in Region.objects.all()}
    existing = {name.lower() for name in Municipality.objects.values_list("name", flat=True)}
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            region = regions.get(row["region"])
            if region is None or row["municipality"].lower() in existing:
                continue
            Municipality.objects.create(name=row["municipality"], region=region)


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_seed_duup_regions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
