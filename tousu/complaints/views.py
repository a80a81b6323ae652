"""Evidence downloads, shared by the portal, the merchant pages and the desk."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from tousu.complaints import access, downloads, record
from tousu.complaints.access import complaints_for, may_download_record

# A ZIP of a few hundred megabytes is sent in pieces this large (FileResponse's default is 4 KiB).
RECORD_BLOCK_BYTES = 256 * 1024


@login_required
def evidence_file(request, pk: int):
    """One evidence file for someone who may see it (tousu.complaints.downloads); 404 otherwise."""
    item = access.evidence_item(request.user, pk)
    if item is None:
        raise Http404()
    inline = downloads.shown_inline(item, download=request.GET.get("download") == "1")
    return downloads.file_response(item, inline=inline, cache="private, max-age=3600")


@login_required
def record_zip(request, number: str):
    """The complaint's full record as a ZIP (tousu.complaints.record); 404 for anyone else."""
    complaint = (
        complaints_for(request.user).select_related("merchant").filter(number=number).first()
    )
    if complaint is None or not may_download_record(request.user, complaint):
        raise Http404()
    response = FileResponse(
        record.build(request.user, complaint),
        content_type="application/zip",
        as_attachment=True,
        filename=f"{complaint.number}-record.zip",
    )
    response.block_size = RECORD_BLOCK_BYTES
    response["Cache-Control"] = "private, no-store"
    return response
