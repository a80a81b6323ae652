"""Migration 0008 gives existing evidence the party of its uploader."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("complaints", "0007_timeline_hash_chain")]
AFTER = [("complaints", "0008_evidence_party")]


@pytest.mark.django_db(transaction=True)
def test_backfill_by_uploader(consumer, merchant_staff, agent, complaint):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Evidence = old.get_model("complaints", "Evidence")
    for n, user in enumerate((consumer, merchant_staff, agent)):
        Evidence.objects.create(
            complaint_id=complaint.pk,
            uploaded_by_id=user.pk,
            channel="web",
            file=f"f{n}",
            original_name="x.png",
            media_type="image",
            content_type="image/png",
            extension="png",
            size=1,
            sha256=f"{n}" * 64,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("complaints", "Evidence")
    assert list(new.objects.order_by("id").values_list("party", flat=True)) == [
        "consumer",
        "merchant",
        "platform",
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
