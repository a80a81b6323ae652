"""Fill ``Complaint.next_due_at`` (the earliest due time of its running clocks) for the
complaints filed before the column existed; from now on tousu.sla.deadlines keeps it."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def forwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Deadline = apps.get_model("sla", "Deadline")
    first_due = (
        Deadline.objects.filter(
            complaint_id=OuterRef("pk"), ended_at__isnull=True, due_at__isnull=False
        )
        .values("complaint_id")
        .annotate(first=Min("due_at"))
        .values("first")
    )
    Complaint.objects.filter(
        pk__in=Deadline.objects.filter(ended_at__isnull=True).values("complaint_id")
    ).update(next_due_at=Subquery(first_due))


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0008_config_version"),
        ("complaints", "0013_complaint_next_due_at"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
