"""A very small, safe text format for help articles: everything is escaped first.

Blank line → new paragraph; ``## `` → heading; ``- `` lines → a list; http(s) addresses
become links. No HTML passes through, so an admin cannot break or script the page.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_URL = re.compile(r"https?://[^\s<>\"'）)，。]+")


def _inline(text: str) -> str:
    escaped = escape(text)
    return _URL.sub(
        lambda m: f'<a href="{m.group(0)}" rel="noopener" target="_blank">{m.group(0)}</a>', escaped
    )


def render(body: str) -> SafeString:
    html: list[str] = []
    for block in re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        paragraph: list[str] = []
        items: list[str] = []

        def flush() -> None:
            if paragraph:
                html.append("<p>" + "<br>".join(paragraph) + "</p>")
                paragraph.clear()
            if items:
                html.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
                items.clear()

        for line in lines:
            if line.startswith("## "):
                flush()
                html.append(f"<h2>{_inline(line[3:].strip())}</h2>")
            elif line.startswith("- "):
                if paragraph:
                    flush()
                items.append(_inline(line[2:].strip()))
            else:
                if items:
                    flush()
                paragraph.append(_inline(line))
        flush()
    return mark_safe("\n".join(html))  # every piece of text went through escape()
