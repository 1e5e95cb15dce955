from django.db import migrations


def install(apps, schema_editor):
    # The full-text engine: GIN expression indexes on PostgreSQL, an FTS5 table with its
    # triggers on SQLite (also re-run after every migrate, see apps.py).
    from koers.directory.text_search import install as install_text_search

    install_text_search(schema_editor.connection)


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in ("insert", "update", "delete"):
                cursor.execute(f'DROP TRIGGER IF EXISTS "directory_service_fts_{name}"')
            cursor.execute("DROP TABLE IF EXISTS directory_service_fts")
            cursor.execute("DROP TABLE IF EXISTS directory_service_fts_pending")
        else:
            for language in ("nl", "en", "es", "ro"):
                cursor.execute(f"DROP INDEX IF EXISTS directory_service_fts_{language}")


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0003_version'),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
