#!/usr/bin/env python
"""The database side of bench/scaleout.py's SLA phase, in its own Django process.

    scaleout_check.py make-due --run-id R --out due.json
    scaleout_check.py wait-swept --due due.json --timeout 300
    scaleout_check.py check-swept --due due.json

``make-due`` takes, for every complaint the run filed (its description ends with
``(soak-R-…)``, as bench/soak_check.py reads it), its oldest running deadline, adds
``--extra`` copies of that run on open seeded complaints that run none, and moves their
due time one second into the past: one due deadline per complaint, so no breach can end
another chosen run by moving the complaint on. ``wait-swept`` polls until none of
them is still running or claimed and prints how long the running ``tousu worker``
processes took. ``check-swept`` counts what each breach did: every chosen run breached
once with an outcome, one set of ``sla_breached`` notices for every run that must notify
(the supervisors and the assignee; none when there are neither), never two (their dedupe
key carries the breach time, so a second firing would add a second set), and no
complaint given the same system step twice. Each prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Min  # noqa: E402
from django.utils import timezone  # noqa: E402

from tousu.accounts.models import User  # noqa: E402
from tousu.complaints.choices import Channel  # noqa: E402
from tousu.complaints.models import Complaint, ComplaintEvent  # noqa: E402
from tousu.complaints.workflow import OPEN  # noqa: E402
from tousu.notify.models import Outbox  # noqa: E402
from tousu.sla.models import Deadline, DeadlineState  # noqa: E402

St = DeadlineState


def make_due(run_id: str, extra: int) -> dict:
    complaints = Complaint.objects.filter(description__contains=f"(soak-{run_id}-")
    firsts = (
        Deadline.objects.filter(complaint__in=complaints, state=St.ACTIVE, due_at__isnull=False)
        .values("complaint_id")
        .annotate(first=Min("id"))
        .values_list("first", flat=True)
    )
    ids = sorted(firsts)
    if extra and ids:
        # More due runs than a short filing run makes: copies of a filed complaint's run on
        # the newest open seeded complaints that run no clock (the seed writes none).
        template = Deadline.objects.get(pk=ids[0])
        targets = (
            Complaint.objects.filter(status__in=OPEN, deadlines__isnull=True)
            .order_by("-id")
            .values_list("id", flat=True)[:extra]
        )
        copies = []
        for complaint_id in targets:
            copy = Deadline.objects.get(pk=template.pk)
            copy.pk, copy.complaint_id = None, complaint_id
            copies.append(copy)
        ids += [d.pk for d in Deadline.objects.bulk_create(copies, batch_size=1000)]
    t0 = timezone.now()
    Deadline.objects.filter(pk__in=ids).update(due_at=t0 - timedelta(seconds=1), remind_at=None)
    clocks = Counter(Deadline.objects.filter(pk__in=ids).values_list("clock", flat=True))
    return {"t0": t0.isoformat(), "deadlines": ids, "clocks": dict(clocks)}


def wait_swept(due: dict, timeout: float) -> dict:
    ids = due["deadlines"]
    t0 = datetime.fromisoformat(due["t0"])
    while True:
        left = Deadline.objects.filter(pk__in=ids, state__in=[St.ACTIVE, St.CLAIMED]).count()
        waited = (timezone.now() - t0).total_seconds()
        if not left or waited > timeout:
            break
        time.sleep(0.1)
    last = (
        Deadline.objects.filter(pk__in=ids, breached_at__isnull=False)
        .order_by("-breached_at")
        .values_list("breached_at", flat=True)
        .first()
    )
    span = (last - t0).total_seconds() if last else None
    return {
        "deadlines": len(ids),
        "left_running": left,
        "seconds_until_none_left": round(waited, 2),
        # The sweep stamps breached_at with the round's start: the last stamp minus t0
        # is when the last round that fired one began.
        "last_breach_round_started_s": round(span, 2) if span is not None else None,
        "per_second": round(len(ids) / waited, 1) if waited else None,
    }


def check_swept(due: dict) -> dict:
    ids = due["deadlines"]
    t0 = datetime.fromisoformat(due["t0"])
    rows = list(
        Deadline.objects.filter(pk__in=ids).values_list(
            "pk", "complaint_id", "state", "outcome", "breached_at"
        )
    )
    states = Counter(state for _, _, state, _, _ in rows)
    outcomes = Counter(outcome for _, _, _, outcome, _ in rows)
    not_breached = sorted(pk for pk, _, state, _, _ in rows if state != St.BREACHED)
    no_outcome = sorted(
        pk for pk, _, state, outcome, _ in rows if state == St.BREACHED and not outcome
    )
    # sla:<deadline>:sla_breached:<breached_at>:<user>: one breach time per run, at most.
    breach_times = defaultdict(set)
    for key in Outbox.objects.filter(
        dedupe_key__startswith="sla:", topic="sla_breached", created_at__gte=t0
    ).values_list("dedupe_key", flat=True):
        _, deadline, _, rest = key.split(":", 3)
        breach_times[int(deadline)].add(rest.rsplit(":", 1)[0])
    notified_twice = sorted(pk for pk, times in breach_times.items() if len(times) > 1)
    # tousu/notify/rules.py: a breach that notifies tells the supervisors and the assignee.
    supervisors = User.objects.filter(
        role__in=settings.TOUSU_SLA_NOTIFY_ROLES, is_active=True
    ).exists()
    assigned = set(
        Complaint.objects.filter(
            pk__in=[c for _, c, _, _, _ in rows], assignee__isnull=False
        ).values_list("pk", flat=True)
    )
    should_notify = {
        pk
        for pk, complaint_id, _, outcome, _ in rows
        if outcome in ("notified", "priority_raised") and (supervisors or complaint_id in assigned)
    }
    notices_missing = sorted(should_notify - set(breach_times))
    complaint_ids = [complaint_id for _, complaint_id, _, _, _ in rows]
    steps = Counter(
        ComplaintEvent.objects.filter(
            complaint_id__in=complaint_ids, channel=Channel.SYSTEM, created_at__gte=t0
        )
        .exclude(transition="")
        .values_list("complaint_id", "transition")
    )
    steps_twice = sorted({complaint for (complaint, _), n in steps.items() if n > 1})
    return {
        "deadlines": len(ids),
        "states": dict(states),
        "outcomes": dict(outcomes),
        "not_breached": not_breached,
        "breached_without_outcome": no_outcome,
        "runs_with_breach_notices": len(breach_times),
        "runs_that_must_notify": len(should_notify),
        "runs_notices_missing": notices_missing,
        "runs_notified_twice": notified_twice,
        "system_steps": sum(steps.values()),
        "complaints_with_a_step_twice": steps_twice,
        "ok": not (not_breached or no_outcome or notices_missing or notified_twice or steps_twice),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="step", required=True)
    m = sub.add_parser("make-due")
    m.add_argument("--run-id", required=True)
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("--extra", type=int, default=0, help="due runs added on seeded complaints")
    w = sub.add_parser("wait-swept")
    w.add_argument("--due", type=Path, required=True)
    w.add_argument("--timeout", type=float, default=300)
    c = sub.add_parser("check-swept")
    c.add_argument("--due", type=Path, required=True)
    args = p.parse_args()
    if args.step == "make-due":
        due = make_due(args.run_id, args.extra)
        args.out.write_text(json.dumps(due))
        result = {"deadlines": len(due["deadlines"]), "clocks": due["clocks"], "t0": due["t0"]}
    elif args.step == "wait-swept":
        result = wait_swept(json.loads(args.due.read_text()), args.timeout)
    else:
        result = check_swept(json.loads(args.due.read_text()))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
