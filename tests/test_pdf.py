"""PDFs (tousu.pdf): the record ZIP's summary.pdf and the drafted 12315 complaint.

Text is checked by extracting it with pypdf (dev dependency), which decodes reportlab's
STSong-Light CID font (UniGB-UCS2-H encoding) back to Unicode; line breaks from wrapping
are removed before searching, since CJK wrapping may split a name anywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.complaints.test_record import busy, download  # noqa: F401 (fixture)
from tests.escalation.test_guide import rejected  # noqa: F401 (fixture)
from tests.portal.conftest import client_for
from tousu.pdf import render

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(
        "\n", ""
    )


def test_long_chinese_text_wraps_onto_more_pages_and_reads_back():
    long = "商家承诺七天无理由退货，但收到退货后拒绝退款。" * 200
    pdf = render("投诉记录", [("heading", "事实"), ("text", long), ("", ""), ("small", "a & <b>")])
    assert pdf.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(pdf)).pages) > 1
    text = text_of(pdf)
    assert long in text.replace(" ", "") and "a & <b>" in text


def test_record_zip_has_summary_pdf_listed_with_its_hash(client, consumer, busy):  # noqa: F811
    archive = zipfile.ZipFile(io.BytesIO(download(client, consumer, busy).getvalue()))
    listed = {entry["path"]: entry for entry in json.loads(archive.read("manifest.json"))["files"]}
    pdf = archive.read("summary.pdf")
    assert pdf.startswith(b"%PDF-")
    assert listed["summary.pdf"]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert listed["summary.pdf"]["size"] == len(pdf)
    text = text_of(pdf)
    assert busy.number in text and busy.merchant.legal_name in text and busy.chain_head in text
    assert "还没有回复吗？" in text and busy.evidence.get().sha256 in text
    assert "商家有前科" not in text  # internal notes stay out of the consumer's PDF too


def test_draft_pdf_for_the_consumer(consumer, shop, rejected):  # noqa: F811
    client = client_for(consumer)
    page = client.get(f"/complaints/{rejected.number}/escalate/").content.decode()
    assert f"/complaints/{rejected.number}/escalate/draft.pdf" in page and "Download as PDF" in page
    response = client.get(f"/complaints/{rejected.number}/escalate/draft.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = text_of(response.content)
    for required in [
        rejected.number,
        shop.legal_name,
        shop.registered_address,
        "商家不理我",
        "超出平台处理范围",
    ]:
        assert required in text, required
    assert "别外传" not in text


def test_draft_pdf_with_the_address_posted(consumer, rejected):  # noqa: F811
    client = client_for(consumer)
    page = client.post(
        f"/complaints/{rejected.number}/escalate/", {"address": "杭州市文三路 1 号"}
    ).content.decode()
    assert 'name="address" value="杭州市文三路 1 号"' in page  # the PDF form carries it along
    response = client.post(
        f"/complaints/{rejected.number}/escalate/draft.pdf", {"address": "杭州市文三路 1 号"}
    )
    assert response.status_code == 200 and "杭州市文三路1号" in text_of(response.content).replace(
        " ", ""
    )


def test_draft_pdf_in_chinese(consumer, shop, rejected, chinese_default):  # noqa: F811
    text = text_of(
        client_for(consumer, "zh-CN")
        .get(f"/complaints/{rejected.number}/escalate/draft.pdf")
        .content
    )
    assert "被投诉人" in text and "Respondent" not in text
    assert f"根据平台投诉{rejected.number}起草" in text.replace(" ", "")


@pytest.mark.parametrize("who", ["outsider", "other_merchant_staff", "merchant_staff", "agent"])
def test_draft_pdf_is_404_for_anyone_else(rejected, who, request):  # noqa: F811
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/complaints/{rejected.number}/escalate/draft.pdf").status_code == 404
    assert (
        client.post(
            f"/complaints/{rejected.number}/escalate/draft.pdf", {"address": "x"}
        ).status_code
        == 404
    )


def test_draft_pdf_anonymous_is_sent_to_login(client, rejected):  # noqa: F811
    assert client.get(f"/complaints/{rejected.number}/escalate/draft.pdf").status_code == 302


WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
needs_wqy = pytest.mark.skipif(
    not WQY.exists(), reason="needs Debian's fonts-wqy-zenhei (.ci/run installs it)"
)


def drawn_with(pdf: bytes) -> dict[str, str]:
    """Each font that draws text, by its PDF name (/BaseFont): the text it draws, and its kind
    ("/TrueType embedded", or its subtype when its outlines are not in the file)."""
    drawn: dict[str, str] = {}
    kinds: dict[str, str] = {}

    def visit(text, cm, tm, font, size):
        if font is None or not text.strip():
            return
        name = str(font["/BaseFont"])
        drawn[name] = drawn.get(name, "") + text
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described.get("/FontDescriptor")
        embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
        kinds[name] = f"{font['/Subtype']}{' embedded' if embedded else ''}"

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return {f"{name} {kinds[name]}": text for name, text in drawn.items()}


@needs_wqy
def test_every_character_is_drawn_from_the_embedded_truetype_font(settings):
    settings.TOUSU_PDF_FONT_PATH = str(WQY)
    line = "优品数码 · 退货退款 · ¥299.00 — “左耳无声”（第①件）"
    drawn = drawn_with(render("投诉记录", [("text", line)]))
    assert drawn and all(
        "WenQuanYiZenHei" in font and font.endswith("/TrueType embedded") for font in drawn
    ), drawn
    assert line in "".join(drawn.values()).replace("\n", "")


@pytest.mark.parametrize(
    "path",
    [
        "/nonexistent/font.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # CFF outlines: not embeddable
        "",
    ],
)
def test_without_a_usable_truetype_font_the_builtin_cid_font_is_used(settings, path):
    settings.TOUSU_PDF_FONT_PATH = path
    drawn = drawn_with(render("投诉记录", [("text", "退货退款")]))
    assert list(drawn) == ["/STSong-Light /Type0"]  # referenced: the viewer's own glyphs
    assert "退货退款" in drawn["/STSong-Light /Type0"]
