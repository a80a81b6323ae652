"""The docs stay inside the repository and their links hold.

- No file of the project cites material outside the repository (the team's notes beside
  it): code comments and docs cite the project's own docs, e.g. docs/domain.md#consumer-law.
- Every relative link in README.md, bench/README.md and docs/**/*.md points to a file of the
  repository, and its #anchor to a heading (or an explicit id) of the Markdown page.
- Every ``docs/<page>.md#anchor`` named in code, templates and tests exists too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = [ROOT / "tousu", ROOT / "tests", ROOT / "bench", ROOT / "docs", ROOT / "README.md"]
TEXT_SUFFIXES = {
    ".py",
    ".md",
    ".html",
    ".txt",
    ".po",
    ".lua",
    ".sh",
    ".csv",
    ".json",
    ".toml",
    ".cfg",
    ".ini",
    ".js",
    ".css",
    ".xml",
    ".yaml",
    ".yml",
}
SKIPPED_DIRS = {"__pycache__", "vendor", "node_modules"}

# Spelled in pieces so that this file does not match itself.
_NOTES = "DOM" + "AIN"
_HABITS = "CONVEN" + "TIONS"
OUTSIDE = re.compile(
    r"\.\./shared\b"  # ../shared/…
    r"|/work/shared\b"
    rf"|\b{_NOTES}\.md\b|\b{_HABITS}\.md\b"
    rf"|\b{_NOTES}\s*(?:§|notes\b|:)"  # "(DOM…IN §2)", "the shared DOM…IN notes", "DOM…IN: …"
    r"|\(§\d"  # a bare "(§2)": a section of a document it does not name
)


def text_files() -> list[Path]:
    """The project's text files, but this one (it spells out what it looks for)."""
    files = []
    for base in SCANNED:
        if base.is_file():
            files.append(base)
            continue
        for path in sorted(base.rglob("*")):
            if (
                path.is_file()
                and path.suffix in TEXT_SUFFIXES
                and path != Path(__file__)
                and not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)
            ):
                files.append(path)
    return files


def outside_references(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line that cites material outside the repository."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), 1)
        if OUTSIDE.search(line)
    ]


def test_the_matcher_flags_outside_references_and_nothing_else():
    flagged = [
        f"see ../shared/{_NOTES}.md §3",
        f"(see /work/shared/{_NOTES}.md §7)",
        f"# figures from {_NOTES}.md",
        f"habits in {_HABITS}.md",
        f"merchant handles in 48 h ({_NOTES} §2)",
        f"summary in the shared {_NOTES} notes, §7",
        f"and why ({_NOTES}: where the merchant operates)",
        "buyer may ask for intervention within 7 days (§2)",
    ]
    kept = [
        "SECURE_HSTS_INCLUDE_SUB" + "DOMAINS",
        "the rules (docs/domain.md#consumer-law)",
        "shared by every process",
        "RFC 8259 §8.2 leaves such text undefined",
        "[settings](../settings.md#wechat-official-account-channel)",
    ]
    assert [line for line in flagged if not outside_references(line)] == []
    assert [line for line in kept if outside_references(line)] == []


def test_no_file_cites_material_outside_the_repository():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line}"
        for path in text_files()
        for number, line in outside_references(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == [], "cite docs/domain.md#… instead:\n" + "\n".join(found)


# --- Links ---------------------------------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ID = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")
INLINE_CODE = re.compile(r"`[^`]*`")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of a Markdown page outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: links reduced to their text, lower case, every
    character that is not a letter, digit, underscore, space or hyphen dropped, spaces → -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for _number, line in prose_lines(path):
        found.update(HTML_ID.findall(line))
        heading = HEADING.match(line)
        if heading:
            base = slug(heading.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def test_slugs_follow_github():
    assert slug("Urging (催办)") == "urging-催办"
    assert slug("Working days (`d`)") == "working-days-d"
    assert slug("Which 12315: the merchant's operating city, else the platform's") == (
        "which-12315-the-merchants-operating-city-else-the-platforms"
    )
    assert slug("HTTPS behind a TLS-terminating proxy") == "https-behind-a-tls-terminating-proxy"


MARKDOWN = sorted(
    [ROOT / "README.md", ROOT / "bench" / "README.md", *(ROOT / "docs").rglob("*.md")]
)


def link_problem(source: Path, target: str) -> str | None:
    """Why a link from ``source`` does not hold, or None when it does."""
    if SCHEME.match(target):
        return None  # http(s), mailto, tel: outside the repository by design
    path_part, _, anchor = target.partition("#")
    dest = (source.parent / path_part).resolve() if path_part else source
    if ROOT not in dest.parents and dest != ROOT:
        return "points outside the repository"
    if not dest.exists():
        return "no such file"
    if anchor and dest.suffix == ".md" and anchor not in anchors(dest):
        return f"no heading #{anchor} in {dest.relative_to(ROOT)}"
    return None


@pytest.mark.parametrize("page", MARKDOWN, ids=[str(p.relative_to(ROOT)) for p in MARKDOWN])
def test_relative_links_resolve(page):
    broken = []
    for number, line in prose_lines(page):
        for target in LINK.findall(INLINE_CODE.sub("", line)):
            problem = link_problem(page, target)
            if problem:
                broken.append(f"{page.relative_to(ROOT)}:{number}: ({target}) {problem}")
    assert broken == [], "\n".join(broken)


def test_a_broken_link_is_caught():
    page = ROOT / "docs" / "domain.md"
    assert link_problem(page, "settings.md#12315") is None
    assert link_problem(page, "https://www.12315.cn/") is None
    assert link_problem(page, "no-such-page.md") == "no such file"
    assert link_problem(page, "settings.md#no-such-heading").startswith("no heading")
    assert link_problem(page, "../../shared/notes.md") == "points outside the repository"


DOC_MENTION = re.compile(r"\bdocs/([\w./-]+\.md)(?:#([\w%-]+))?")


def test_docs_named_in_code_exist():
    """``docs/sla.md#pause-rules`` in a comment, template or test names a real page and heading."""
    broken = []
    for path in text_files():
        if ROOT / "docs" in path.parents or path.suffix == ".md":
            continue  # Markdown links are checked above
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for page, anchor in DOC_MENTION.findall(line):
                dest = ROOT / "docs" / page
                if not dest.exists():
                    broken.append(f"{path.relative_to(ROOT)}:{number}: docs/{page} does not exist")
                elif anchor and anchor not in anchors(dest):
                    broken.append(f"{path.relative_to(ROOT)}:{number}: no #{anchor} in docs/{page}")
    assert broken == [], "\n".join(broken)


REPO_PATH = re.compile(
    r"(?<![\w/.-])((?:tousu|tests|bench)/[\w/.-]*\.(?:py|md|html|txt|sh|lua|csv))\b"
)


def test_files_named_in_docs_and_comments_exist():
    """``tousu/sla/worktime.py`` or ``tests/test_translations.py`` named anywhere is a real file."""
    broken = [
        f"{path.relative_to(ROOT)}:{number}: {name}"
        for path in sorted({*text_files(), *MARKDOWN})
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for name in REPO_PATH.findall(line)
        if not (ROOT / name).exists()
    ]
    assert broken == [], "\n".join(broken)


def test_the_path_matcher_reads_repository_paths_only():
    line = "see tousu/sla/worktime.py, tests/test_docs.py; not /srv/tousu/.venv/bin/x.py"
    assert REPO_PATH.findall(line) == ["tousu/sla/worktime.py", "tests/test_docs.py"]
