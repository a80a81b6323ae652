"""The worker job that groups complaints into incidents (never run in a request).

Each round looks at the complaints filed in the last ``TOUSU_INCIDENT_WINDOW_DAYS`` that
are against a shop and not yet in an incident, bucketed by shop and product
(``similarity.product_of``). A bucket with an open incident adds to it those alike
(``similarity.alike``) to one of its complaints; otherwise, when at least
``TOUSU_INCIDENT_MIN_COMPLAINTS`` of the bucket are alike to one of them, they open an
incident. Several workers may run at once: a complaint is in at most one incident and a
product has at most one open incident (database constraints), so the loser skips.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tousu.complaints.models import Complaint
from tousu.incidents import actions
from tousu.incidents.models import Incident, IncidentState
from tousu.incidents.similarity import alike, product_of, word_set

Bucket = list[tuple[Complaint, frozenset[str]]]


def _buckets() -> dict[tuple[int, str], tuple[str, Bucket]]:
    since = timezone.now() - timedelta(days=settings.TOUSU_INCIDENT_WINDOW_DAYS)
    candidates = (
        Complaint.objects.filter(
            created_at__gte=since, merchant__isnull=False, incident_link__isnull=True
        )
        .select_related("merchant", "order")
        .prefetch_related("lines", "order__items")
        .order_by("id")
    )
    buckets: dict[tuple[int, str], tuple[str, Bucket]] = {}
    for complaint in candidates:
        product = product_of(complaint)
        if product is None:
            continue
        key, name = product
        entry = buckets.setdefault((complaint.merchant_id, key), (name, []))
        entry[1].append((complaint, word_set(complaint.description)))
    return buckets


def _largest_alike_group(bucket: Bucket) -> list[Complaint]:
    best: list[Complaint] = []
    for complaint, words in bucket:
        group = [other for other, theirs in bucket if other == complaint or alike(words, theirs)]
        if len(group) > len(best):
            best = group
    return best


def group(limit: int) -> int:
    """One round: returns how many complaints were linked (at most about ``limit``)."""
    done = 0
    open_incidents = {
        (incident.merchant_id, incident.product_key): incident
        for incident in Incident.objects.filter(state=IncidentState.OPEN).prefetch_related(
            "complaints"
        )
    }
    for (merchant_id, key), (name, bucket) in _buckets().items():
        if done >= limit:
            break
        incident = open_incidents.get((merchant_id, key))
        if incident is not None:
            members = [word_set(c.description) for c in incident.complaints.all()]
            joining = [c for c, words in bucket if any(alike(words, m) for m in members)]
            done += actions.add_complaints(incident, joining)
            continue
        found = _largest_alike_group(bucket)
        if len(found) >= settings.TOUSU_INCIDENT_MIN_COMPLAINTS:
            opened = actions.open_incident(found[0].merchant, key, name, found)
            done += len(found) if opened else 0
    return done
