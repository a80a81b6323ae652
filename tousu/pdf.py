"""PDFs with Chinese text and no font file on the machine (docs/evidence-keeping.md).

reportlab's built-in Adobe CID font STSong-Light is referenced, not embedded: the PDF
viewer supplies the glyphs (every viewer that handles Chinese has the Adobe-GB1
collection or a substitute), so this works on a fresh machine without any CJK font.
Paragraphs wrap with ``wordWrap="CJK"``, which breaks between any two characters
(Chinese has no spaces; long hashes and order numbers break too).
"""

from __future__ import annotations

import io
from functools import cache
from typing import Iterable
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONT = "STSong-Light"
SIZES = {"title": (16, 24), "heading": (12.5, 19), "text": (10.5, 16), "small": (8.5, 12)}


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return {
        name: ParagraphStyle(
            name,
            fontName=FONT,
            fontSize=size,
            leading=leading,
            wordWrap="CJK",
            spaceBefore=6 if name in ("title", "heading") else 0,
            spaceAfter=3,
        )
        for name, (size, leading) in SIZES.items()
    }


def render(title: str, blocks: Iterable[tuple[str, str]]) -> bytes:
    """A4 PDF of ``blocks``: (style, text) pairs, style one of SIZES; empty text is a gap.

    Text is plain (escaped here); newlines within a block become line breaks.
    """
    styles = _styles()
    story = [Paragraph(escape(title), styles["title"])]
    for style, text in blocks:
        if not text:
            story.append(Spacer(1, 5))
        else:
            story.append(Paragraph(escape(str(text)).replace("\n", "<br/>"), styles[style]))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Tousu",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    ).build(story)
    return buffer.getvalue()
