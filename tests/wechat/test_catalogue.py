"""The app's own Chinese catalogue (tousu/channels/wechat/locale) is complete and compiled.

WeChat users read these strings, so a missing translation would show them English.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_translations import parse_po

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "tousu/channels/wechat"
PO = APP / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_string_is_translated_and_not_fuzzy():
    entries = parse_po(PO)
    assert len(entries) > 50
    assert [msgid for (_, msgid), (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy] == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (msgfmt)")
def test_compiled_catalogue_is_up_to_date(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(PO)], check=True)
    assert out.read_bytes() == PO.with_suffix(".mo").read_bytes()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogue_holds_every_string_of_the_app(tmp_path):
    # In a copy: run inside the project, makemessages would write to the main catalogue.
    copy = tmp_path / "wechat"
    shutil.copytree(APP, copy, ignore=shutil.ignore_patterns("__pycache__", "migrations", "locale"))
    (copy / "locale").mkdir()
    subprocess.run([str(ROOT / ".venv/bin/tousu"), "makemessages", "-l", "zh_Hans", "--no-location"],
                   cwd=copy, check=True, capture_output=True)
    source = set(parse_po(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))
    assert sorted(msgid for _, msgid in source - set(parse_po(PO))) == []


def test_chinese_reply_comes_from_this_catalogue():
    from django.utils import translation

    from tousu.channels.wechat.dialogue import help_text

    with translation.override("zh-hans"):
        assert help_text().startswith("您可以回复")
