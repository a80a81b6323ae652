"""The timeline as a tamper-evident hash chain.

Each event stores ``prev_hash`` (the hash of the complaint's previous event, "" for the
first) and ``hash``: SHA-256 over a canonical JSON of its own fields, the SHA-256 of the
evidence it links to, and ``prev_hash``. ``Complaint.chain_head`` holds the hash of the
last event, so cutting events off the end is caught too. Changing, deleting or
reordering any row afterwards breaks the chain; ``tousu verify`` and the desk badge
recompute it. See docs/evidence-keeping.md.

The migration ``0007_timeline_hash_chain`` carries a frozen copy of ``canonical``
(migrations never import app code); ``tests/complaints/test_chain.py`` checks they agree.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timezone as dt_timezone

from django.db import transaction


def canonical(event, evidence_sha256: str) -> bytes:
    """The bytes an event's hash is taken over. Changing this invalidates every chain."""
    created = event.created_at.astimezone(dt_timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = {
        "v": 1,
        "complaint": event.complaint_id,
        "kind": event.kind,
        "actor": event.actor_id,
        "actor_role": event.actor_role,
        "channel": event.channel,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "transition": event.transition,
        "body": event.body,
        "internal": bool(event.internal),
        "evidence": event.evidence_id,
        "evidence_sha256": evidence_sha256,
        "data": event.data,
        "created_at": created,
        "prev": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(event, evidence_sha256: str) -> str:
    return hashlib.sha256(canonical(event, evidence_sha256)).hexdigest()


class _Head:
    """A complaint's chain head as this transaction wrote it (or read it under the lock).

    Kept as a no-op ``on_commit`` callback: Django forgets it when the transaction ends
    either way, and with the savepoint it was registered in when that savepoint is rolled
    back (it drops that savepoint's callbacks). So while it is there, the head it holds is
    the one in the database, and no other writer can change it before this transaction ends
    (the complaint's row is locked on PostgreSQL; on SQLite this transaction holds the
    database's one write lock).
    """

    __slots__ = ("complaint_id", "head")

    def __init__(self, complaint_id: int, head: str) -> None:
        self.complaint_id, self.head = complaint_id, head

    def __call__(self) -> None:
        pass  # nothing to do on commit


# How far back ``known_head`` looks among the transaction's commit callbacks: a filing or
# an action registers a few; a long transaction over many complaints just reads the head.
_LOOK_BACK = 16


def _latest(complaint_id: int) -> tuple[set, _Head] | None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for sids, func, _robust in reversed(connection.run_on_commit[-_LOOK_BACK:]):
        if isinstance(func, _Head) and func.complaint_id == complaint_id:
            return sids, func
    return None


def known_head(complaint_id: int) -> str | None:
    """The complaint's chain head if this transaction wrote or locked it (None: read it)."""
    found = _latest(complaint_id)
    return found[1].head if found else None


def head_is(complaint_id: int, head: str) -> None:
    """Remember ``head`` as the complaint's chain head until this transaction (or the
    savepoint it is in) ends. Call only with the head the database holds now, with the
    complaint written or locked by this transaction; outside a transaction it does nothing."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    found = _latest(complaint_id)
    if found and found[0] == set(connection.savepoint_ids):
        found[1].head = head  # same savepoint: one callback per complaint is enough
    else:
        transaction.on_commit(_Head(complaint_id, head))


@dataclass
class ChainReport:
    """What verifying one complaint found. ``problems`` are human-readable lines."""

    number: str
    events: int = 0
    head: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(complaint) -> ChainReport:
    """Recompute ``complaint``'s chain from its stored events (one query)."""
    report = ChainReport(complaint.number)
    expected_prev = ""
    rows = complaint.events.all().select_related("evidence").order_by("id")
    for event in rows:
        report.events += 1
        sha = event.evidence.sha256 if event.evidence_id and event.evidence else ""
        if event.prev_hash != expected_prev:
            report.problems.append(
                f"event {event.pk}: does not follow the previous event (an event before it was deleted, "
                f"inserted or reordered)"
            )
        if event_hash(event, sha) != event.hash:
            report.problems.append(f"event {event.pk}: content altered (hash mismatch)")
        expected_prev = event.hash
    report.head = expected_prev
    if (complaint.chain_head or "") != expected_prev:
        report.problems.append(
            "chain head does not match the last event (events deleted or added at the end)"
        )
    return report


def verify_evidence(complaint, evidence=None) -> list[str]:
    """Re-hash every evidence file of ``complaint`` from storage (``evidence``: rows already loaded)."""
    problems = []
    for evidence in complaint.evidence.order_by("id") if evidence is None else evidence:
        storage = evidence.file.storage
        name = evidence.file.name
        if not name or not storage.exists(name):
            problems.append(f"evidence {evidence.pk} ({evidence.original_name}): file missing")
            continue
        digest = hashlib.sha256()
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != evidence.sha256:
            problems.append(
                f"evidence {evidence.pk} ({evidence.original_name}): file altered (SHA-256 mismatch)"
            )
    return problems


def verify(complaint, evidence=None) -> ChainReport:
    """Chain and evidence files of one complaint (two queries, or one with ``evidence`` given)."""
    report = verify_chain(complaint)
    report.problems.extend(verify_evidence(complaint, evidence))
    return report
