"""The seams between apps stay where docs/architecture.md#layers puts them.

(The layer and no-cycle contracts themselves are import-linter's, run by ``make test``.)
"""

import ast
from pathlib import Path

from tousu.complaints import events
from tousu.notify import adapters, topics
from tousu.notify.models import Medium
from tousu.sla import deadlines, sweep
from tousu.sla import events as sla_events

ROOT = Path(__file__).resolve().parents[1] / "tousu"
# Imports a function may make: Django's AppConfig.ready (models are loaded only then), the
# command-line entry point, and two deliberate lazy loads (jieba's dictionary takes a
# second; django.test only for the WeChat simulator's in-process sender).
ALLOWED_INNER = {("cli.py", "main"), ("coach/segment.py", "_build")}
ALLOWED_INNER_MODULES = {("channels/wechat/simulator.py", "django.test")}


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), str(path))


def app_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:3]) if parts[1:2] == ["channels"] else ".".join(parts[:2])


def test_no_import_inside_a_function_outside_app_ready():
    found = []
    for path, tree in python_files():
        name = str(path.relative_to(ROOT))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name == "ready" and name.endswith("apps.py"):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    module = getattr(node, "module", None) or node.names[0].name
                    if (name, function.name) in ALLOWED_INNER or (
                        name,
                        module,
                    ) in ALLOWED_INNER_MODULES:
                        continue
                    found.append(f"{name}:{node.lineno} {function.name}() imports {module}")
    assert not found, "imports inside functions:\n" + "\n".join(found)


def test_no_app_uses_another_apps_private_names():
    found = []
    for path, tree in python_files():
        here = app_of("tousu." + ".".join(path.relative_to(ROOT).with_suffix("").parts))
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tousu."):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    if app_of(node.module) != here and alias.name.startswith("_"):
                        found.append(f"{path.name}:{node.lineno} imports {target}")
                    aliases[alias.asname or alias.name] = app_of(target)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr != "_meta"  # Django's documented model API
                and isinstance(node.value, ast.Name)
                and aliases.get(node.value.id, here) != here
            ):
                found.append(f"{path.name}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not found, "private names used across apps:\n" + "\n".join(found)


def test_the_core_knows_nothing_of_the_apps_that_follow_it():
    for path, tree in python_files():
        if path.relative_to(ROOT).parts[0] != "complaints":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert app_of(node.module) in {
                    "tousu.complaints",
                    "tousu.accounts",
                    "tousu.orders",
                    "tousu.merchants",
                    "tousu.teams",
                    "tousu.pdf",
                    "tousu.readonly_admin",
                } or not node.module.startswith("tousu."), f"{path.name} imports {node.module}"


def test_the_subscriptions_are_registered_at_start():
    listening = events.subscribers()
    assert deadlines.on_status_changed in listening[events.StatusChanged]
    assert deadlines.on_reclassified in listening[events.PriorityChanged]
    assert deadlines.on_reclassified in listening[events.CategoryChanged]
    assert listening[events.TimelineAppended]  # notify's rules
    for notice in (sla_events.ReminderDue, sla_events.Breached, sla_events.NotComputed):
        assert listening[notice], notice
    assert listening[sla_events.WindowClosing]


def test_every_structured_breach_action_has_its_handler():
    assert set(sweep.breach_handlers()) == set(sweep.STRUCTURED)


def test_channels_registered_their_adapter_and_texts():
    assert Medium.WECHAT in adapters.ADAPTERS
    assert "callback_breached" in topics.TOPICS
