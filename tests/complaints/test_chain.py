"""The timeline is a tamper-evident hash chain: `tousu verify` and the desk badge catch edits."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.conftest import photo
from tousu.complaints import actions, chain, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint, ComplaintEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(complaint, consumer, agent):
    actions.post_message(complaint, consumer, "还没有回复吗？", channel=Channel.WEB)
    uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB, caption="耳机照片")
    actions.post_message(complaint, agent, "内部：先联系商家", channel=Channel.DESK, internal=True)
    complaint.refresh_from_db()
    return complaint


def run_verify(*args) -> tuple[bool, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify", *args, stdout=out)
        return True, out.getvalue()
    except CommandError as exc:
        return False, out.getvalue() + str(exc)


def badge(client, agent, complaint) -> str:
    client.force_login(agent)
    html = client.get(f"/desk/c/{complaint.number}/").content.decode()
    return (
        "verified"
        if 'data-integrity="verified"' in html
        else "broken"
        if 'data-integrity="broken"' in html
        else "?"
    )


def test_each_event_links_to_the_previous_and_the_head_is_the_last(busy):
    events = list(busy.events.order_by("id"))
    assert events[0].prev_hash == ""
    for before, after in zip(events, events[1:]):
        assert after.prev_hash == before.hash and len(after.hash) == 64
    assert busy.chain_head == events[-1].hash


def test_a_clean_chain_passes(busy, client, agent):
    ok, out = run_verify()
    assert ok, out
    ok, out = run_verify("--complaint", busy.number)
    assert ok and "0 with problems" in out
    assert badge(client, agent, busy) == "verified"


def test_body_altered_by_raw_sql_is_detected(busy, client, agent):
    target = busy.events.filter(kind="message").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaintevent SET body = %s WHERE id = %s",
            ["已经解决了", target.pk],
        )
    ok, out = run_verify("--complaint", busy.number)
    assert not ok and f"event {target.pk}: content altered" in out
    assert badge(client, agent, busy) == "broken"


def test_deleted_event_is_detected(busy, client, agent):
    target = busy.events.filter(kind="message").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM complaints_complaintevent WHERE id = %s", [target.pk])
    ok, out = run_verify()
    assert not ok and "does not follow the previous event" in out
    assert badge(client, agent, busy) == "broken"


def test_last_event_cut_off_is_detected(busy):
    last = busy.events.order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM complaints_complaintevent WHERE id = %s", [last.pk])
    ok, out = run_verify()
    assert not ok and "chain head" in out


def test_reordered_events_are_detected(busy):
    first, second = list(busy.events.order_by("id"))[1:3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaintevent SET created_at = %s WHERE id = %s",
            [second.created_at, first.pk],
        )
    ok, out = run_verify()
    assert not ok


def test_altered_evidence_file_is_detected(busy, client, agent):
    evidence = busy.evidence.get()
    with open(evidence.file.path, "ab") as handle:
        handle.write(b"tampered")
    ok, out = run_verify()
    assert not ok and "file altered" in out
    assert badge(client, agent, busy) == "broken"


def test_missing_evidence_file_is_detected(busy):
    evidence = busy.evidence.get()
    evidence.file.storage.delete(evidence.file.name)
    ok, out = run_verify()
    assert not ok and "file missing" in out


def test_events_cannot_be_changed_through_the_orm(busy):
    event = busy.events.first()
    event.body = "x"
    with pytest.raises(RuntimeError):
        event.save()


def test_backfill_in_the_migration_matches_the_model_and_is_rerunnable(busy):
    ComplaintEvent.objects.update(hash="", prev_hash="")
    Complaint.objects.update(chain_head="")
    migration = importlib.import_module("tousu.complaints.migrations.0007_timeline_hash_chain")
    migration.backfill(django_apps, None)
    migration.backfill(django_apps, None)  # a rerun changes nothing
    assert run_verify()[0]
    for event in busy.events.select_related("evidence"):
        assert migration._canonical(
            event, event.evidence.sha256 if event.evidence_id else ""
        ) == chain.canonical(event, event.evidence.sha256 if event.evidence_id else "")
