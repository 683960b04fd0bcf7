"""The table of the shared cache (throttles and rate limits) when it is the database."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    uses_database = any(
        conf.get("BACKEND") == "django.core.cache.backends.db.DatabaseCache"
        for conf in settings.CACHES.values()
    )
    if uses_database:
        call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
