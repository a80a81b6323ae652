"""Evidence files on a filed complaint: checked and written to the evidence storage before
the transaction (on S3 the write is a network call), then attached inside it.

``add_evidence`` does both for one upload. A step that attaches files in its own
transaction (the merchant's answer, a call recording) calls ``prepare_evidence`` before it
and ``attach_evidence`` inside it; filing writes with ``put_file`` before its transaction
and records with ``store_evidence``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import actions
from tousu.complaints import evidence as evidence_rules
from tousu.complaints.choices import EventKind, Party
from tousu.complaints.errors import EvidenceRejected, TransitionNotAllowed
from tousu.complaints.files import CheckedFile, check_upload
from tousu.complaints.models import Complaint, Evidence


def put_file(checked: CheckedFile) -> str:
    """Write the bytes to the evidence storage, outside any transaction (on S3 this is a
    network call); returns the name to record. Content-addressed: identical bytes are
    already stored under this name, and bytes of a filing that is then refused or rolled
    back stay unreferenced under their hash, never in anyone's way."""
    field = Evidence._meta.get_field("file")
    name = field.generate_filename(
        Evidence(sha256=checked.sha256, extension=checked.sniffed.extension), checked.name
    )
    storage = field.storage
    return name if storage.exists(name) else storage.save(name, ContentFile(checked.content))


def store_evidence(
    complaint: Complaint,
    uploader: User,
    checked: CheckedFile,
    stored_name: str,
    *,
    channel: str,
    caption: str = "",
) -> tuple[Evidence, bool]:
    # Once per party: the other party's identical file becomes this party's evidence too
    # (its own row, the stored bytes shared); the same party gets the existing row back.
    party = Party.of(actions.role_on(uploader, complaint) or "")
    existing = complaint.evidence.filter(party=party, sha256=checked.sha256).first()
    if existing:
        return existing, False
    if complaint.evidence.count() >= settings.TOUSU_EVIDENCE_MAX_FILES_PER_COMPLAINT:
        raise EvidenceRejected(
            _("A complaint can hold at most %(n)s files.")
            % {"n": settings.TOUSU_EVIDENCE_MAX_FILES_PER_COMPLAINT},
            field="evidence",
        )
    evidence = Evidence(
        complaint=complaint,
        uploaded_by=uploader,
        party=party,
        channel=channel,
        original_name=checked.name,
        media_type=checked.sniffed.media_type,
        content_type=checked.sniffed.content_type,
        extension=checked.sniffed.extension,
        size=len(checked.content),
        sha256=checked.sha256,
        caption=caption[:200],
    )
    evidence.file.name = stored_name
    evidence.save()
    actions.record(
        complaint, EventKind.EVIDENCE, uploader, channel, evidence=evidence, body=caption[:200]
    )
    return evidence, True


@dataclass(frozen=True)
class PreparedFile:
    """An upload checked and stored (``prepare_evidence``), ready to attach in a transaction."""

    checked: CheckedFile
    stored_name: str


def prepare_evidence(complaint: Complaint, uploader: User, upload, *, channel: str) -> PreparedFile:
    """Check a file and write its bytes to the evidence storage: call it before the
    transaction that attaches it (on S3 the write is a network call). An outsider or a
    finished complaint is refused before anything is stored."""
    _may_add_evidence(complaint, uploader)
    checked = check_upload(upload, audio=evidence_rules.may_attach_audio(uploader, channel))
    return PreparedFile(checked, put_file(checked))


def add_evidence(
    complaint: Complaint, uploader: User, upload, *, channel: str, caption: str = ""
) -> tuple[Evidence, bool]:
    """Attach a file. Returns ``(evidence, created)``: the same bytes again from the same party
    return the existing evidence with ``created`` False (``evidence.already_uploaded`` says so).

    A file that answers the platform's evidence request (every party asked has now added
    one, ``tousu.complaints.evidence``) returns the complaint to the platform.

    The file is checked and stored before the transaction (``prepare_evidence``), once the
    uploader is known to take part in the complaint: an outsider stores nothing. A step
    that attaches files in its own transaction prepares them first and calls
    ``attach_evidence`` inside it.
    """
    prepared = prepare_evidence(complaint, uploader, upload, channel=channel)
    return attach_evidence(complaint, uploader, prepared, channel=channel, caption=caption)


def _may_add_evidence(complaint: Complaint, uploader: User) -> None:
    if actions.role_on(uploader, complaint) is None:
        raise TransitionNotAllowed(_("You cannot add evidence to this complaint."))
    if not complaint.is_open:
        raise TransitionNotAllowed(
            _("This complaint is finished; evidence can no longer be added.")
        )


@transaction.atomic
def attach_evidence(
    complaint: Complaint,
    uploader: User,
    prepared: PreparedFile,
    *,
    channel: str,
    caption: str = "",
) -> tuple[Evidence, bool]:
    """Attach a file ``prepare_evidence`` stored (see ``add_evidence``)."""
    complaint = actions.lock(complaint)
    _may_add_evidence(complaint, uploader)  # again, on the locked row
    item, created = store_evidence(
        complaint,
        uploader,
        prepared.checked,
        prepared.stored_name,
        channel=channel,
        caption=caption,
    )
    if created and evidence_rules.is_answered(complaint):
        actions.transition(
            complaint, None, "evidence_complete", channel=channel, data={"answered_by": item.party}
        )
    return item, created


def _may_answer(complaint: Complaint, party_user: User) -> None:
    request = evidence_rules.open_request(complaint)
    party = Party.of(actions.role_on(party_user, complaint) or "")
    if request is None or party not in evidence_rules.parties_asked(request):
        raise TransitionNotAllowed(_("No evidence request of the platform is waiting for you."))


def answer_evidence_request(
    complaint: Complaint, party_user: User, upload, *, channel: str, caption: str = ""
) -> tuple[Evidence, bool]:
    """A file in answer to the platform's open evidence request, as ``add_evidence`` (which
    returns the complaint to the platform once every party asked has answered); refused when
    no open request asks this party, before anything is stored."""
    _may_answer(Complaint.objects.get(pk=complaint.pk), party_user)  # as it stands now
    prepared = prepare_evidence(complaint, party_user, upload, channel=channel)
    return _answer(complaint, party_user, prepared, channel=channel, caption=caption)


@transaction.atomic
def _answer(
    complaint: Complaint, party_user: User, prepared: PreparedFile, *, channel: str, caption: str
) -> tuple[Evidence, bool]:
    complaint = actions.lock(complaint)
    _may_answer(complaint, party_user)  # again, on the locked row
    return attach_evidence(complaint, party_user, prepared, channel=channel, caption=caption)
