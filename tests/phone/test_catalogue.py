"""The app's Chinese catalogue (tousu/channels/phone/locale) is complete and compiled."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "tousu/channels/phone/locale/zh_Hans/LC_MESSAGES/django.po"


def untranslated(path: Path) -> tuple[int, list[str]]:
    """(number of entries, msgids with an empty first msgstr or marked fuzzy)."""
    count, missing = 0, []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        field = None
        for line in block.splitlines():
            if line.startswith('"') and field:
                fields[field] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                field, _, value = line.partition(" ")
                fields[field] = ast.literal_eval(value)
        msgid = fields.get("msgid")
        if not msgid:
            continue
        count += 1
        if "#, fuzzy" in block or not fields.get("msgstr", fields.get("msgstr[0]")):
            missing.append(msgid)
    return count, missing


def test_every_string_is_translated():
    count, missing = untranslated(PO)
    assert count > 100
    assert missing == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (msgfmt)")
def test_compiled_catalogue_is_up_to_date(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(PO)], check=True)
    assert out.read_bytes() == PO.with_suffix(".mo").read_bytes()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogue_holds_every_string_of_the_app(tmp_path):
    app = PO.parents[3]
    copy = tmp_path / "phone"
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "migrations", "locale"))
    (copy / "locale").mkdir()
    subprocess.run(
        [str(app.parents[2] / ".venv/bin/tousu"), "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=copy, check=True, capture_output=True,
    )
    fresh = copy / "locale/zh_Hans/LC_MESSAGES/django.po"
    msgids = {line for line in fresh.read_text(encoding="utf-8").split("\n\n") if "msgid" in line}
    ours = PO.read_text(encoding="utf-8")

    def msgid_of(block: str) -> str:
        return block[block.index("msgid"):].split("msgstr")[0]

    assert sorted(msgid_of(b) for b in msgids if msgid_of(b) not in ours and 'msgid ""\nmsgstr' not in b) == []
