"""PDFs with Chinese text that every viewer shows the same (docs/evidence-keeping.md).

The glyphs come from a TrueType CJK font embedded in the PDF (only the characters used:
reportlab subsets it), ``TOUSU_PDF_FONT_PATH``, by default Debian's fonts-wqy-zenhei. reportlab
embeds TrueType outlines only (``.ttf``/``.ttc``; the OpenType/CFF ``.otf`` of fonts-noto-cjk
fail). Where the file is missing or unreadable, the built-in Adobe CID font STSong-Light is
used instead: referenced, not embedded, the viewer supplies its glyphs (some draw
punctuation such as "·" as boxes). Paragraphs wrap with ``wordWrap="CJK"``, which breaks
between any two characters (Chinese has no spaces; long hashes and order numbers break too).
"""

from __future__ import annotations

import hashlib
import io
import logging
from functools import cache
from typing import Iterable
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FALLBACK = "STSong-Light"
SIZES = {"title": (16, 24), "heading": (12.5, 19), "text": (10.5, 16), "small": (8.5, 12)}

log = logging.getLogger(__name__)


def font_name() -> str:
    """Register the PDF font once per path: the embedded TrueType font, else the CID fallback."""
    return _register(settings.TOUSU_PDF_FONT_PATH)


@cache
def _register(path: str) -> str:
    if path:
        name = "TousuCJK-" + hashlib.sha256(path.encode()).hexdigest()[:8]  # one per file
        try:
            # A .ttc holds several faces: the first is the proportional one.
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
            return name
        except (OSError, TTFError) as error:
            log.warning("PDF font %s not usable (%s): using %s", path, error, FALLBACK)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


@cache
def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        name: ParagraphStyle(
            name,
            fontName=font,
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
    styles = _styles(font_name())
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
