"""Every Chinese catalogue — the main one and each app's own — is complete, compiled,
and holds every string of the source."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted((ROOT / "tousu").rglob("locale/zh_Hans/LC_MESSAGES/django.po"))
IDS = [str(po.relative_to(ROOT / "tousu").parents[3]) for po in CATALOGUES]


def parse_po(path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(msgctxt, msgid) → (msgstr, fuzzy). Plural forms keep msgstr[0]."""
    entries, current, field, fuzzy = {}, {}, None, False

    def flush():
        nonlocal current, fuzzy
        if current.get("msgid"):
            entries[(current.get("msgctxt", ""), current["msgid"])] = (
                current.get("msgstr", current.get("msgstr[0]", "")),
                fuzzy,
            )
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


def test_the_catalogues_are_found():
    assert "." in IDS and "sla" in IDS and len(CATALOGUES) >= 2


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_every_string_is_translated_and_not_fuzzy(po):
    entries = parse_po(po)
    missing = [msgid for (_, msgid), (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]
    assert entries and missing == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (msgfmt)")
@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_compiled_catalogue_is_up_to_date(po, tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(po)], check=True)
    assert out.read_bytes() == po.with_suffix(".mo").read_bytes()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """The source tree's catalogues as `makemessages` makes them now, in a copy."""
    copy = tmp_path_factory.mktemp("src") / "tousu"
    shutil.copytree(
        ROOT / "tousu", copy, ignore=shutil.ignore_patterns("__pycache__", "migrations", "vendor")
    )
    subprocess.run(
        [str(ROOT / ".venv/bin/tousu"), "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return copy


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_catalogue_holds_every_string_in_the_source(po, regenerated):
    fresh = regenerated / po.relative_to(ROOT / "tousu")
    assert sorted(msgid for _, msgid in set(parse_po(fresh)) - set(parse_po(po))) == []
