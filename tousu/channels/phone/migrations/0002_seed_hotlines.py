"""Seed the example platform's two lines (docs/domain.md#the-consumers-path): consumers
021-53395288, merchants 021-53395088, both on the ``hotline`` calendar (every day
08:00–21:30). Editable in the admin."""

from django.db import migrations

LINES = [
    {"name": "消费者热线", "audience": "consumer", "number": "+862153395288", "calendar": "hotline", "rank": 1},
    {"name": "商家热线", "audience": "merchant", "number": "+862153395088", "calendar": "hotline", "rank": 2},
]


def seed(apps, schema_editor):
    Hotline = apps.get_model("phone", "Hotline")
    for line in LINES:
        Hotline.objects.get_or_create(number=line["number"], defaults=line)


def unseed(apps, schema_editor):
    apps.get_model("phone", "Hotline").objects.filter(number__in=[line["number"] for line in LINES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("phone", "0001_hotlines_calls_callbacks"),
        ("sla", "0002_default_calendars"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
