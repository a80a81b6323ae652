"""Messages and evidence on one complaint."""

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Form, Router, Status, UploadedFile

from tousu.api import presenters
from tousu.api.errors import request_fields
from tousu.api.openapi import binary_download, response_header
from tousu.api.schemas import EntryOut, ErrorOut, EvidenceOut, MessageIn
from tousu.complaints import access, actions, downloads, filing, timeline, uploads
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import NotFound

router = Router(tags=["conversation"])
files = Router(tags=["evidence"])

_MESSAGE_KINDS = (EventKind.MESSAGE, EventKind.NOTE)


@router.get("/{number}/messages", response={200: list[EntryOut], 401: ErrorOut, 404: ErrorOut})
def list_messages(request: HttpRequest, number: str) -> list:
    """The conversation, oldest first. Internal notes appear for platform staff only."""
    found = access.get_complaint(request.auth, number)
    events = access.timeline_for(request.auth, found).filter(kind__in=_MESSAGE_KINDS)
    return [presenters.entry(e) for e in timeline.entries(found, events, request.auth)]


@router.post(
    "/{number}/messages",
    response={
        201: EntryOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    openapi_extra=response_header(
        201, "X-Tousu-Complaint", "The number of the complaint the message landed on"
    ),
)
def post_message(
    request: HttpRequest, response: HttpResponse, number: str, payload: MessageIn
) -> Status:
    """Write to the other side; platform staff may post ``internal: true`` notes.

    The consumer may also write on a finished complaint: within the reopen period it is
    reopened, later a new complaint following it is filed; the entry returned is then that
    step, and the ``X-Tousu-Complaint`` header names the complaint the message landed on. A new
    complaint counts against the filing limit: past it, 429 ``filing_limit_reached`` as when filing.
    """
    found = access.get_complaint(request.auth, number)
    if access.is_consumer_of(request.auth, found) and not found.is_open and not payload.internal:
        result = filing.follow_up(found, request.auth, payload.body, channel=Channel.APP)
        found = result.complaint
        event = found.events.filter(internal=False).order_by("-id").first()
    else:
        event = actions.post_message(
            found, request.auth, payload.body, channel=Channel.APP, internal=payload.internal
        )
    [item] = timeline.entries(found, [event], request.auth)
    response["X-Tousu-Complaint"] = found.number
    return Status(201, presenters.entry(item))


@router.post(
    "/{number}/evidence",
    response={
        200: EvidenceOut,
        201: EvidenceOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
)
def add_evidence(
    request: HttpRequest, number: str, file: File[UploadedFile], caption: Form[str] = ""
) -> Status:
    """Upload a photo, video or PDF (multipart field ``file``).

    201: recorded as your side's evidence, also when the other party already uploaded the same
    bytes (it is then in both parties' evidence). 200: your side already uploaded these bytes;
    the existing file is returned and nothing is added. A file that answers the platform's
    evidence request returns the complaint to the platform (status ``intervention``). Audio is
    refused (422 ``evidence_rejected``) unless you are platform staff: call recordings come
    from the phone hotline."""
    found = access.get_complaint(request.auth, number)
    with request_fields({"evidence": "file"}):
        item, created = uploads.add_evidence(
            found, request.auth, file, channel=Channel.APP, caption=caption
        )
    return Status(201 if created else 200, presenters.evidence(item))


# What evidence can be (tousu.complaints.files sniffs the type from the bytes).
EVIDENCE_TYPES = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "application/pdf",
    "audio/wav",
    "audio/mpeg",
    "audio/mp4",
    "video/quicktime",
    "video/mp4",
]


@files.get(
    "/{evidence_id}",
    url_name="evidence_file",
    response={401: ErrorOut, 404: ErrorOut},
    openapi_extra=binary_download(EVIDENCE_TYPES, "The file, as an attachment"),
)
def download_evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    """Download one evidence file with the bearer token, as an attachment named
    ``<complaint number>-<id>.<extension>`` of the type found in its bytes; 404 unless its
    complaint is visible (call recordings: not to merchant staff, unless the platform allows)."""
    item = access.evidence_item(request.auth, evidence_id)
    if item is None:
        raise NotFound()
    return downloads.file_response(item, inline=False, cache="private, no-store")
