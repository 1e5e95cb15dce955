"""Seed the 18 DUUP regions and their lead municipalities (the shipped default mapping)."""

from django.db import migrations

DUUP_REGIONS = [
    ("alkmaar", "Alkmaar", "Alkmaar"),
    ("almere", "Almere", "Almere"),
    ("amsterdam", "Amsterdam", "Amsterdam"),
    ("apeldoorn", "Apeldoorn", "Apeldoorn"),
    ("arnhem", "Arnhem", "Arnhem"),
    ("assen", "Assen", "Assen"),
    ("den-bosch", "Den Bosch", "'s-Hertogenbosch"),
    ("den-haag", "Den Haag", "Den Haag"),
    ("enschede", "Enschede", "Enschede"),
    ("groningen", "Groningen", "Groningen"),
    ("haarlem", "Haarlem", "Haarlem"),
    ("leeuwarden", "Leeuwarden", "Leeuwarden"),
    ("nijmegen", "Nijmegen", "Nijmegen"),
    ("rotterdam", "Rotterdam", "Rotterdam"),
    ("tilburg", "Tilburg", "Tilburg"),
    ("utrecht", "Utrecht", "Utrecht"),
    ("zaanstad", "Zaanstad", "Zaanstad"),
    ("zwolle", "Zwolle", "Zwolle"),
]


def seed(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Municipality = apps.get_model("regions", "Municipality")
    for slug, name, lead in DUUP_REGIONS:
        region, _ = Region.objects.get_or_create(slug=slug, defaults={"name": name})
        Municipality.objects.get_or_create(name=lead, defaults={"region": region, "is_lead": True})


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
