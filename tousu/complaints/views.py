"""Evidence downloads, shared by the portal, the merchant pages and the desk."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse

from tousu.complaints import record
from tousu.complaints.access import complaints_for, may_download_record
from tousu.complaints.models import Evidence


@login_required
def evidence_file(request, pk: int):
    """Stream one evidence file to someone who may see its complaint; 404 for anyone else."""
    evidence = Evidence.objects.filter(pk=pk, complaint__in=complaints_for(request.user)).first()
    if evidence is None:
        raise Http404()
    inline = (
        evidence.content_type.startswith(("image/", "video/"))
        or evidence.content_type == "application/pdf"
    )
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=not inline or request.GET.get("download") == "1",
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"
    )
    return response


@login_required
def record_zip(request, number: str):
    """The complaint's full record as a ZIP (tousu.complaints.record); 404 for anyone else."""
    complaint = (
        complaints_for(request.user).select_related("merchant").filter(number=number).first()
    )
    if complaint is None or not may_download_record(request.user, complaint):
        raise Http404()
    response = HttpResponse(record.build(request.user, complaint), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{complaint.number}-record.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
