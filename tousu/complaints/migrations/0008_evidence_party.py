"""Evidence records the party it was brought for; the same bytes may be on a complaint once
per party (issue 10 part 5: the other party's identical file is their evidence too)."""

from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    Evidence = apps.get_model("complaints", "Evidence")
    Evidence.objects.filter(uploaded_by_id=F("complaint__consumer_id")).update(party="consumer")
    Evidence.objects.filter(party="", uploaded_by__role="merchant").update(party="merchant")
    Evidence.objects.filter(party="").update(party="platform")


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0007_timeline_hash_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="party",
            field=models.CharField(default="", max_length=8, choices=[
                ("consumer", "Consumer"), ("merchant", "Merchant"), ("platform", "Platform")]),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="evidence", name="evidence_once_per_complaint"),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.UniqueConstraint(fields=("complaint", "party", "sha256"), name="evidence_once_per_party"),
        ),
    ]
