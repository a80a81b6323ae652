"""The table of Django's database cache (settings.CACHE_TABLE), the default shared cache.

Made here so that ``migrate`` creates it on every deployment; it is made whatever
TOUSU_CACHE_URL says, so switching from Redis back to the database cache needs no step.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    alias = schema_editor.connection.alias
    call_command("createcachetable", settings.CACHE_TABLE, database=alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
