"""The full record of one complaint as a ZIP the consumer keeps (docs/evidence-keeping.md).

``manifest.json`` lists every other file in the archive with its SHA-256 and size, and
the timeline chain head (tousu.complaints.chain) at the time of download;
``timeline.json`` is the timeline as the downloader may see it (``access.timeline_for``:
no internal notes for the consumer); ``evidence/`` holds every evidence file;
``summary.html`` is a readable summary and ``summary.pdf`` the same as a PDF
(tousu.pdf: Chinese through reportlab's built-in CID font, no font file needed).
The archive is written to a temporary file, evidence copied in chunks, and streamed:
a complaint's hundreds of megabytes never sit in memory.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from typing import IO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import access, timeline
from tousu.complaints.models import Complaint, Evidence
from tousu.complaints.templatetags.money import yuan
from tousu.pdf import render as render_pdf

COPY_CHUNK_BYTES = 1024 * 1024


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def _listed(path: str, content: bytes) -> dict:
    return {"path": path, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}


def _copy(archive: zipfile.ZipFile, path: str, item: Evidence) -> dict:
    """Copy one evidence file into the archive a chunk at a time, hashing what was copied.

    Stored, not deflated: photos, videos, PDFs and recordings are compressed already."""
    info = zipfile.ZipInfo(path, date_time=timezone.localtime(item.uploaded_at).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16  # readable once extracted (a bare ZipInfo says mode 0)
    info.file_size = item.size  # lets zipfile choose ZIP64 up front for a very large file
    digest, size = hashlib.sha256(), 0
    with item.file.open("rb") as source, archive.open(info, "w") as target:
        while chunk := source.read(COPY_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return {"path": path, "sha256": digest.hexdigest(), "size": size}


def build(user: User, complaint: Complaint) -> IO[bytes]:
    """The archive, written to an anonymous temporary file and returned at its start.

    Memory stays bounded whatever the evidence weighs: files are copied in chunks, and the
    caller streams the result (``FileResponse`` closes it, which deletes it)."""
    events = list(access.timeline_for(user, complaint))
    entries = timeline.entries(complaint, events, user)
    evidence = list(access.evidence_for(user, complaint))
    names = {
        item.pk: f"evidence/{item.pk:06d}-{item.sha256[:12]}.{item.extension}" for item in evidence
    }
    small = {
        "timeline.json": _json(
            [
                {
                    "id": event.pk,
                    "at": event.created_at.isoformat(),
                    "who": entry.who,
                    "kind": event.kind,
                    "summary": str(entry.summary),
                    "body": event.body,
                    "status": {"from": event.from_status, "to": event.to_status}
                    if event.to_status
                    else None,
                    "evidence": {
                        "file": names.get(event.evidence_id),
                        "sha256": event.evidence.sha256,
                    }
                    if event.evidence_id
                    else None,
                    "prev_hash": event.prev_hash,
                    "hash": event.hash,
                }
                for event, entry in zip(events, entries)
            ]
        ),
        "summary.html": render_to_string(
            "complaints/record_summary.html",
            {
                "complaint": complaint,
                "entries": entries,
                "evidence": evidence,
                "names": names,
                "generated_at": timezone.now(),
            },
        ).encode(),
        "summary.pdf": summary_pdf(complaint, entries, evidence),
    }
    out = tempfile.TemporaryFile()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            files = [_copy(archive, names[item.pk], item) for item in evidence]
            for path, content in small.items():
                archive.writestr(path, content)
                files.append(_listed(path, content))
            # Last: it lists every file above as it was actually written.
            manifest = {
                "complaint": complaint.number,
                "generated_at": timezone.now().isoformat(),
                "chain_head": complaint.chain_head,
                "events_included": len(events),
                "events_in_chain": complaint.events.count(),
                "files": sorted(files, key=lambda entry: entry["path"]),
            }
            archive.writestr("manifest.json", _json(manifest))
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def summary_pdf(complaint: Complaint, entries, evidence) -> bytes:
    """What summary.html shows, as a PDF."""
    merchant = complaint.merchant
    demand = str(complaint.get_demand_display())
    if complaint.demand_amount_fen is not None:
        demand += f" · {yuan(complaint.demand_amount_fen)}"
    status = f"{_('Status')}: {complaint.get_status_display()} · {_('Filed at')}: {_local(complaint.created_at)}"
    if merchant:
        status += f" · {merchant.shop_name} ({merchant.legal_name})"
    blocks = [
        ("text", status),
        ("text", demand),
        ("text", complaint.description),
        ("heading", _("Timeline")),
    ]
    for entry in entries:
        blocks.append(("text", f"{_local(entry.at)} {entry.who}：{entry.summary}"))
        if entry.body:
            blocks.append(("small", entry.body))
    blocks.append(("heading", _("Evidence")))
    blocks += [("small", f"{item.original_name}  SHA-256 {item.sha256}") for item in evidence] or [
        ("text", "—")
    ]
    blocks += [
        ("", ""),
        (
            "small",
            _(
                "Timeline chain head: %(head)s. manifest.json lists the SHA-256 of every file in this "
                "archive."
            )
            % {"head": complaint.chain_head},
        ),
        ("small", f"{_('Downloaded at')} {_local(timezone.now())}"),
    ]
    return render_pdf(f"{_('Complaint record')} {complaint.number}", blocks)
