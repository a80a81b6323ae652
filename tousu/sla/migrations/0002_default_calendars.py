"""Seed the two default calendars: the office and the phone hotline
(docs/domain.md#chinese-working-time, docs/domain.md#the-consumers-path)."""

from datetime import time

from django.db import migrations

DEFAULTS = [
    {
        "name": "office",
        "description": "办公时间：法定工作日（含调休上班日）09:00–18:00",
        "day_rule": "working_days",
        "opens_at": time(9),
        "closes_at": time(18),
    },
    {
        "name": "hotline",
        "description": "客服热线：每天 08:00–21:30，节假日照常",
        "day_rule": "every_day",
        "opens_at": time(8),
        "closes_at": time(21, 30),
    },
]


def seed(apps, schema_editor):
    WorkCalendar = apps.get_model("sla", "WorkCalendar")
    for values in DEFAULTS:
        WorkCalendar.objects.get_or_create(name=values["name"], defaults=values)


def unseed(apps, schema_editor):
    WorkCalendar = apps.get_model("sla", "WorkCalendar")
    WorkCalendar.objects.filter(name__in=[values["name"] for values in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_calendars_and_schedule")]
    operations = [migrations.RunPython(seed, unseed)]
