"""The example files in docs/examples import cleanly into an empty platform, in order."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tousu.complaints.models import Complaint
from tousu.external.models import ExternalCase

EXAMPLES = Path(__file__).resolve().parents[2] / "docs/examples"


@pytest.mark.django_db
def test_example_orders_then_example_12315_cases():
    call_command("import_orders", str(EXAMPLES / "orders.csv"))
    call_command("import_cases", str(EXAMPLES / "cases-12315.csv"), "--source", "12315")
    cases = ExternalCase.objects.select_related("complaint")
    assert cases.count() == sum(1 for _ in open(EXAMPLES / "cases-12315.csv", encoding="utf-8")) - 1
    assert {c.complaint.channel for c in cases} == {"12315"}
    assert Complaint.objects.filter(pk__in=cases.values("complaint")).count() == cases.count()
