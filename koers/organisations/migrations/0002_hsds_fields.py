"""HSDS organization fields: a stable UUID (filled for existing rows), description, website, e-mail."""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.filter(hsds_id__isnull=True):
        organisation.hsds_id = uuid.uuid4()
        organisation.save(update_fields=["hsds_id"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="hsds_id",
            field=models.UUIDField(null=True, editable=False, verbose_name="HSDS identifier"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="hsds_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="HSDS identifier"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="website",
            field=models.URLField(blank=True, verbose_name="website"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
        ),
    ]
