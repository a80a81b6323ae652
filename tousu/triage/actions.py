"""The triage's writes: a suggestion when a complaint is filed (the ``filed`` timeline
entry), the priority raised to urgent for an urgent one, a correction when an agent's
priority or category disagrees with the suggestion.

All run as subscribers inside the filing's or the priority change's transaction
(``TriageConfig.ready``); nothing here calls the network. The raise waits for the filing's
``StatusChanged`` (old None): the SLA app, subscribed before us, has then started the
complaint's clocks, and the priority change recomputes them like any other.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tousu.complaints import actions as complaint_actions
from tousu.complaints.choices import EventKind, Priority
from tousu.complaints.events import StatusChanged, TimelineAppended
from tousu.triage import suggest
from tousu.triage.models import Correction, Suggestion


def on_timeline(event: TimelineAppended) -> None:
    entry = event.event
    if entry.kind == EventKind.FILED:
        suggest_for(entry.complaint)
    elif entry.kind in (EventKind.PRIORITY, EventKind.CATEGORY) and entry.actor_id is not None:
        record_correction(entry)


def suggest_for(complaint) -> Suggestion | None:
    result = suggest.suggest(complaint.description)
    if result is None:
        return None
    suggestion = Suggestion.objects.create(
        complaint=complaint,
        category=result.category,
        urgent=result.urgent,
        method=result.method,
        model_version=result.model_version,
    )
    return suggestion


def on_filed(event: StatusChanged) -> None:
    """Raise an urgent suggestion's complaint to urgent, with a note saying why."""
    complaint = event.complaint
    if event.old is not None or complaint.priority >= Priority.URGENT:
        return
    try:
        # Cached on the complaint by ``suggest_for`` a moment ago (Suggestion.objects.create
        # sets the one-to-one's reverse side): no query, unless triage is off.
        suggestion = complaint.triage_suggestion
    except Suggestion.DoesNotExist:
        return
    if not suggestion.urgent:
        return
    complaint_actions.set_priority(complaint, None, Priority.URGENT)
    complaint.priority = Priority.URGENT  # the filing goes on with this object
    complaint_actions.record_note(
        complaint,
        None,
        data={"triage": "urgent"},
        body=_("Raised to urgent: the text mentions a safety or health risk."),
    )
    suggestion.raised_priority = True
    suggestion.save(update_fields=["raised_priority"])


def record_correction(entry) -> Correction | None:
    """An agent set a priority whose urgency, or a category, differs from what was suggested."""
    suggestion = Suggestion.objects.filter(complaint_id=entry.complaint_id).first()
    if suggestion is None:
        return None
    if entry.kind == EventKind.CATEGORY:
        field, suggested, corrected = "category", suggestion.category, entry.data.get("to")
    else:
        now_urgent = entry.data.get("to") == Priority.URGENT
        field, suggested = "urgent", "true" if suggestion.urgent else "false"
        corrected = "true" if now_urgent else "false"
    if corrected == suggested:
        return None
    return Correction.objects.create(
        suggestion=suggestion,
        field=field,
        suggested=suggested,
        corrected=corrected,
        actor_id=entry.actor_id,
    )
