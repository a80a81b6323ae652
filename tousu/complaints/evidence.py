"""Evidence rules beside storage: who may attach audio, the message for a file already
uploaded, and when the platform's evidence request is answered.

Audio evidence is a call recording: the phone channel attaches it (the telephony webhook,
``tousu.channels.phone.calls.recording``) and platform staff may; a consumer or merchant
upload of audio through the web, the app or WeChat is refused, naming the file.

An agent asks the consumer, the merchant or both for evidence (``request_evidence``,
tousu.adjudication.decisions, the party in the step's data). The request is answered
once every party asked has added a file since then: the complaint then goes back to
the platform (``evidence_complete``) without waiting for the ``evidence`` clock.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import access
from tousu.complaints.choices import Channel, EventKind, Party
from tousu.complaints.models import Complaint, ComplaintEvent, Evidence
from tousu.complaints.workflow import Status


def may_attach_audio(uploader: User, channel: str) -> bool:
    return channel == Channel.PHONE or access.is_platform_staff(uploader)


def already_uploaded(item: Evidence) -> str:
    """What the party who uploads the same bytes again is told (nothing is stored twice)."""
    return _("%(name)s is already on this complaint (uploaded %(when)s).") % {
        "name": item.original_name,
        "when": timezone.localtime(item.uploaded_at).strftime("%Y-%m-%d %H:%M"),
    }


ASKED = {
    "consumer": frozenset({Party.CONSUMER}),
    "merchant": frozenset({Party.MERCHANT}),
    "both": frozenset({Party.CONSUMER, Party.MERCHANT}),
}


def open_request(complaint: Complaint) -> ComplaintEvent | None:
    """The request the complaint is waiting on, or None when it is not waiting for evidence."""
    if complaint.status != Status.WAITING_EVIDENCE:
        return None
    return (
        complaint.events.filter(kind=EventKind.STATUS, transition="request_evidence")
        .order_by("-id")
        .first()
    )


def parties_asked(request: ComplaintEvent) -> frozenset[str]:
    return ASKED.get((request.data or {}).get("party", "consumer"), ASKED["consumer"])


def is_answered(complaint: Complaint) -> bool:
    """True when every party asked by the open request has added evidence since."""
    request = open_request(complaint)
    if request is None:
        return False
    brought = set(
        complaint.events.filter(
            kind=EventKind.EVIDENCE, id__gt=request.pk, evidence__isnull=False
        ).values_list("evidence__party", flat=True)
    )
    return parties_asked(request) <= brought
