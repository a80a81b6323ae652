"""docs/settings.md documents every setting read from the environment, and nothing else."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = (ROOT / "tousu" / "settings.py").read_text()
DOC = (ROOT / "docs" / "settings.md").read_text()


def read_from_environment() -> set[str]:
    return set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', SETTINGS))


def documented() -> set[str]:
    return {name for name in re.findall(r"`(TOUSU_[A-Z0-9_]+)`", DOC) if not name.endswith("_FILE")}


def test_every_environment_variable_is_documented():
    assert read_from_environment(), "the pattern found no setting: the test would pass vacuously"
    missing = sorted(read_from_environment() - set(re.findall(r"`([A-Z0-9_]+)`", DOC)))
    assert not missing, f"docs/settings.md does not document {missing}"


def test_the_doc_names_no_setting_that_does_not_exist():
    names = set(re.findall(r"\b(TOUSU_[A-Z0-9_]+)\b", SETTINGS))
    unknown = sorted(documented() - names)
    assert not unknown, f"docs/settings.md documents {unknown}, which tousu/settings.py never reads"
