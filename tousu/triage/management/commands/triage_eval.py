"""``tousu triage_eval``: precision and recall of both suggesters on a held-out labelled set.

The set is heldout.jsonl unless ``--file`` names another (e.g. data/blind.jsonl).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.complaints.choices import Category
from tousu.triage import evaluation, labelled, suggest


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:3.0f}%"


class Command(BaseCommand):
    help = "Measure the rules and the current model on the held-out labelled set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=labelled.HELDOUT,
            help="The labelled JSONL set to measure on (default: the held-out set).",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such labelled set: {path}")
        examples = labelled.read(path)
        model = suggest.current_model()
        version = model.version
        suggesters = {
            "rules": suggest.by_rules,
            f"model ({version})": lambda text: suggest.by_model(text, model),
            "rules category, rules OR model urgent": lambda text: (
                suggest.by_rules(text)[0],
                suggest.by_rules(text)[1] or suggest.by_model(text, model)[1],
            ),
            "model category, rules OR model urgent": lambda text: (
                suggest.by_model(text, model)[0],
                suggest.by_rules(text)[1] or suggest.by_model(text, model)[1],
            ),
        }
        self.stdout.write(f"held-out set {path.name}: {len(examples)} complaints")
        for name, suggester in suggesters.items():
            report = evaluation.evaluate(examples, suggester, list(Category.values))
            self.stdout.write(f"\n== {name}: category accuracy {_pct(report.accuracy)}")
            self.stdout.write("category              support  precision  recall")
            for score in report.categories:
                self.stdout.write(
                    f"{score.label:<22}{score.support:>7}  {_pct(score.precision):>9}"
                    f"  {_pct(score.recall):>6}"
                )
            u = report.urgent
            self.stdout.write(
                f"{'URGENT':<22}{u.support:>7}  {_pct(u.precision):>9}  {_pct(u.recall):>6}"
            )
