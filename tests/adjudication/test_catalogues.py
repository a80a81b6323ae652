"""Each new app's Chinese catalogue is complete, compiled and holds every string of the app
(the pattern of tests/sla/test_catalogue.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sla.test_catalogue import untranslated

ROOT = Path(__file__).resolve().parents[2]
APPS = ["remedies", "adjudication", "payments", "merchant_center"]


def po(app: str) -> Path:
    return ROOT / f"tousu/{app}/locale/zh_Hans/LC_MESSAGES/django.po"


@pytest.mark.parametrize("app", APPS)
def test_every_string_is_translated(app):
    count, missing = untranslated(po(app))
    assert count > 10 and missing == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (msgfmt)")
@pytest.mark.parametrize("app", APPS)
def test_compiled_catalogue_is_up_to_date(app, tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(po(app))], check=True)
    assert out.read_bytes() == po(app).with_suffix(".mo").read_bytes()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
@pytest.mark.parametrize("app", APPS)
def test_catalogue_holds_every_string_of_the_app(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(ROOT / "tousu" / app, copy, ignore=shutil.ignore_patterns("__pycache__", "migrations", "locale"))
    (copy / "locale").mkdir()
    subprocess.run([str(ROOT / ".venv/bin/tousu"), "makemessages", "-l", "zh_Hans", "--no-location"],
                   cwd=copy, check=True, capture_output=True)
    fresh = (copy / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    ours = po(app).read_text(encoding="utf-8")

    def msgid_of(block: str) -> str:
        return block[block.index("msgid"):].split("msgstr")[0]

    blocks = [b for b in fresh.split("\n\n") if "msgid" in b and 'msgid ""\nmsgstr' not in b]
    assert sorted(msgid_of(b) for b in blocks if msgid_of(b) not in ours) == []


def test_pages_are_chinese_by_default(chinese_default, complaint, agent, client):
    from django.urls import reverse

    from tousu.complaints import actions
    from tousu.complaints.choices import Channel

    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    client.force_login(agent)
    html = client.get(reverse("adjudication:intervention", args=[complaint.number])).content.decode()
    assert "消费者依法可获得的救济" in html and "三包：退货、换货或维修" in html
