"""Who may do what is asked of ``tousu.complaints.access`` only: no view, action or template
looks at a user's role itself.

Python is read as a syntax tree (no comment or string can trip it): nothing compares a
``.role`` attribute, and nothing reads ``is_platform_staff`` / ``is_consumer`` /
``is_merchant_staff`` off a user. Templates are searched for the same words.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import tousu

ROOT = Path(tousu.__file__).parent
# The permission module itself; and the layers below it (accounts defines the roles,
# orders, merchants and teams are imported by complaints), whose role checks are about the
# data they import (a team member must be staff), not about who is asking. teams.actions
# also checks who manages teams: it cannot ask access, which sits above it; the desk's
# pages ask access (may_supervise) before they call it.
EXEMPT = {ROOT / "complaints" / "access.py"} | {
    p
    for layer in ("accounts", "merchants", "orders", "teams")
    for p in (ROOT / layer).rglob("*.py")
}
ROLE_FLAGS = {"is_platform_staff", "is_consumer", "is_merchant_staff"}
ASKERS = {"access", "part"}  # the module, and an ``access.Part`` answer


def _python() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts and p not in EXEMPT]


def _offences(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                if isinstance(side, ast.Attribute) and side.attr == "role":
                    found.append((node.lineno, "compares .role"))
        if isinstance(node, ast.Attribute) and node.attr in ROLE_FLAGS:
            # ``access.is_consumer(user)`` asks the module; ``part.is_consumer`` reads its answer.
            if not (isinstance(node.value, ast.Name) and node.value.id in ASKERS):
                found.append((node.lineno, f"reads .{node.attr}"))
    return found


def test_the_checks_find_what_they_look_for():
    sample = "if request.user.role in ('a',) or user.is_consumer:\n    pass\n"
    assert [why for _line, why in _offences(ast.parse(sample))] == [
        "compares .role",
        "reads .is_consumer",
    ]
    fine = "access.is_consumer(user)\npart.is_consumer\nrole == Role.MERCHANT\n"
    assert _offences(ast.parse(fine)) == []


def test_no_python_module_asks_the_role_itself():
    offences = [
        f"{path.relative_to(ROOT.parent)}:{line} {why}"
        for path in _python()
        for line, why in _offences(ast.parse(path.read_text(), str(path)))
    ]
    assert offences == []


TEMPLATE_CHECK = re.compile(r"\buser\.(role|is_platform_staff|is_consumer|is_merchant_staff)\b")


def test_no_template_asks_the_role_itself():
    templates = list(ROOT.rglob("templates/**/*.html"))
    assert len(templates) > 20
    offences = [
        f"{path.relative_to(ROOT.parent)}:{n}"
        for path in templates
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if TEMPLATE_CHECK.search(line)
    ]
    assert offences == []
