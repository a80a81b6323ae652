"""The Chinese catalogue is complete and matches the source strings."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "tousu/locale/zh_Hans/LC_MESSAGES/django.po"


def parse_po(path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(msgctxt, msgid) → (msgstr, fuzzy). Plural forms keep msgstr[0]."""
    entries, current, field, fuzzy = {}, {}, None, False

    def flush():
        nonlocal current, fuzzy
        if "msgid" in current and current["msgid"]:
            entries[(current.get("msgctxt", ""), current["msgid"])] = (
                current.get("msgstr", current.get("msgstr[0]", "")), fuzzy)
        current, fuzzy = {}, False

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            current[field] = ast.literal_eval(value)
    flush()
    return entries


def test_every_chinese_string_is_translated_and_not_fuzzy():
    entries = parse_po(PO)
    missing = [msgid for (_, msgid), (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]
    assert missing == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogue_holds_every_string_in_the_source(tmp_path):
    copy = tmp_path / "tousu"
    shutil.copytree(ROOT / "tousu", copy, ignore=shutil.ignore_patterns("__pycache__", "migrations", "vendor"))
    (copy / "locale").mkdir(exist_ok=True)  # keeps makemessages writing inside the copy
    subprocess.run(
        [str(ROOT / ".venv/bin/tousu"), "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=copy, check=True, capture_output=True,
    )
    source = set(parse_po(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))
    assert sorted(msgid for _, msgid in source - set(parse_po(PO))) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (msgfmt)")
def test_compiled_catalogue_is_up_to_date(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(PO)], check=True)
    assert out.read_bytes() == PO.with_suffix(".mo").read_bytes()
