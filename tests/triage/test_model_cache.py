"""Each process keeps the prepared model and reads it again only when the newest
``TrainedModel`` changed — whichever process trained it (the newest row's id and version
are the token every filing reads)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import draft
from tousu.complaints import filing
from tousu.complaints.choices import Channel
from tousu.triage import suggest
from tousu.triage.models import Suggestion, TrainedModel

pytestmark = pytest.mark.django_db

# Every text is a refund and urgent: the one word it knows decides nothing, the priors do.
EVERYTHING_URGENT = {
    "category": {"docs": {"refund": 1}, "counts": {"refund": {"退款": 1}}},
    "urgent": {"docs": {"true": 1}, "counts": {"true": {"退款": 1}}},
}
NOTHING_URGENT = {
    "category": {"docs": {"delivery": 1}, "counts": {"delivery": {"快递": 1}}},
    "urgent": {"docs": {"false": 1}, "counts": {"false": {"快递": 1}}},
}


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """This process has prepared no model yet."""
    monkeypatch.setattr(suggest, "_cached", None)


def test_the_builtin_model_is_kept_and_only_the_token_is_read():
    assert suggest.current_model().version == suggest.BUILTIN
    with CaptureQueriesContext(connection) as queries:
        again = suggest.current_model()
    assert again is suggest.current_model()
    assert again.version == suggest.BUILTIN
    assert len(queries.captured_queries) == 1
    assert "parameters" not in queries.captured_queries[0]["sql"]


def test_a_model_trained_elsewhere_is_used_from_the_next_filing(consumer, order, settings):
    settings.TOUSU_TRIAGE_METHOD = "model"
    first, _ = filing.file_complaint(
        consumer, draft(order.number, description="快递三天没动"), channel=Channel.WEB
    )
    assert Suggestion.objects.get(complaint=first).model_version == suggest.BUILTIN
    # Another process ran triage_train: a new row, nothing said to this process.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO triage_trainedmodel (version, parameters, examples, corrections, created_at)"
            " VALUES (%s, %s, 1, 0, %s)",
            ["nb-elsewhere", json.dumps(EVERYTHING_URGENT), "2030-01-01 00:00:00"],
        )
    second, _ = filing.file_complaint(
        consumer, draft(order.number, description="快递三天没动了"), channel=Channel.WEB
    )
    suggestion = Suggestion.objects.get(complaint=second)
    assert (suggestion.model_version, suggestion.category, suggestion.urgent) == (
        "nb-elsewhere",
        "refund",
        True,
    )
    # The model in use is the newest one: deleting it goes back to the one before.
    TrainedModel.objects.filter(version="nb-elsewhere").delete()
    assert suggest.current_model().version == suggest.BUILTIN


def test_a_newer_model_replaces_the_prepared_one():
    TrainedModel.objects.create(
        version="nb-1", parameters=NOTHING_URGENT, examples=1, corrections=0
    )
    older = suggest.current_model()
    assert older.version == "nb-1"
    assert suggest.by_model("随便什么话", older) == ("delivery", False)
    TrainedModel.objects.create(
        version="nb-2", parameters=EVERYTHING_URGENT, examples=1, corrections=0
    )
    model = suggest.current_model()
    assert model.version == "nb-2"
    assert suggest.by_model("随便什么话", model) == ("refund", True)


def test_a_trained_model_is_never_changed_in_place():
    trained = TrainedModel.objects.create(
        version="nb-1", parameters=EVERYTHING_URGENT, examples=1, corrections=0
    )
    trained.examples = 2
    with pytest.raises(RuntimeError):
        trained.save()
