"""The full record of one complaint as a ZIP the consumer keeps (docs/evidence-keeping.md).

``manifest.json`` lists every other file in the archive with its SHA-256 and size, and
the timeline chain head (tousu.complaints.chain) at the time of download;
``timeline.json`` is the timeline as the downloader may see it (``access.timeline_for``:
no internal notes for the consumer); ``evidence/`` holds every evidence file;
``summary.html`` is a readable summary and ``summary.pdf`` the same as a PDF
(tousu.pdf: Chinese through reportlab's built-in CID font, no font file needed).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import access, timeline
from tousu.complaints.models import Complaint
from tousu.complaints.templatetags.money import yuan
from tousu.pdf import render as render_pdf


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def build(user: User, complaint: Complaint) -> bytes:
    events = list(access.timeline_for(user, complaint))
    entries = timeline.entries(complaint, events, user)
    evidence = list(access.evidence_for(user, complaint))
    files: dict[str, bytes] = {}
    names = {}
    for item in evidence:
        name = f"evidence/{item.pk:06d}-{item.sha256[:12]}.{item.extension}"
        names[item.pk] = name
        with item.file.open("rb") as handle:
            files[name] = handle.read()
    files["timeline.json"] = _json(
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
                "evidence": {"file": names.get(event.evidence_id), "sha256": event.evidence.sha256}
                if event.evidence_id
                else None,
                "prev_hash": event.prev_hash,
                "hash": event.hash,
            }
            for event, entry in zip(events, entries)
        ]
    )
    files["summary.html"] = render_to_string(
        "complaints/record_summary.html",
        {
            "complaint": complaint,
            "entries": entries,
            "evidence": evidence,
            "names": names,
            "generated_at": timezone.now(),
        },
    ).encode()
    files["summary.pdf"] = summary_pdf(complaint, entries, evidence)
    manifest = {
        "complaint": complaint.number,
        "generated_at": timezone.now().isoformat(),
        "chain_head": complaint.chain_head,
        "events_included": len(events),
        "events_in_chain": complaint.events.count(),
        "files": [
            {"path": name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in sorted(files.items())
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json(manifest))
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return buffer.getvalue()


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
