"""The two suggesters on fixed texts, and what training may read."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tousu.complaints import actions
from tousu.complaints.choices import Category, Priority
from tousu.triage import bayes, labelled, rules, suggest
from tousu.triage.models import Correction, Suggestion, TrainedModel


@pytest.mark.parametrize(
    ("text", "category", "urgent"),
    [
        ("吃了你们家的卤肉，全家食物中毒进了医院", "food_safety", True),
        ("蛋糕过期发霉了", "food_safety", False),
        ("电暖器用了一晚上就冒烟起火", "quality", True),
        ("快递一直不发货，物流也不更新", "delivery", False),
        ("商家发错了颜色，我要的是红色", "wrong_or_missing", False),
        ("专柜鉴定是假货", "counterfeit", False),
        ("这是什么意思", "other", False),
    ],
)
def test_rules_on_fixed_texts(text, category, urgent):
    assert rules.category(text) == category
    assert rules.urgent(text) is urgent


def test_naive_bayes_learns_from_its_examples():
    parameters = bayes.train(
        [("快递丢件了", "delivery"), ("物流不更新", "delivery"), ("退款不到账", "refund")]
    )
    assert bayes.classify(parameters, "我的快递物流三天没动") == "delivery"
    assert bayes.classify(parameters, "退款呢") == "refund"
    # Words never seen in training change nothing: the prior decides (two deliveries to one).
    assert bayes.classify(parameters, "完全陌生的句子") == "delivery"


def test_model_trained_on_train_jsonl_on_fixed_texts():
    parameters = suggest.train(labelled.read(labelled.TRAIN))
    assert suggest.by_model("孩子吃了你们的辣条一直拉肚子", parameters) == ("food_safety", True)
    assert suggest.by_model("退货寄回去了商家一直不退款", parameters) == ("refund", False)
    assert suggest.by_model("平台客服电话一直打不通", parameters)[0] == "service_unreachable"


@pytest.fixture
def files_read(monkeypatch):
    """Every file read through ``Path.read_text`` while the test runs."""
    seen: list[Path] = []
    real = Path.read_text

    def spy(self, *args, **kwargs):
        seen.append(Path(self).resolve())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", spy)
    return seen


def test_training_reads_train_jsonl_and_corrections_never_the_heldout_set(
    db, files_read, complaint, agent
):
    suggestion = Suggestion.objects.get(complaint=complaint)
    Correction.objects.create(
        suggestion=suggestion, field="urgent", suggested="false", corrected="true", actor=agent
    )
    call_command("triage_train", stdout=StringIO())
    assert labelled.TRAIN.resolve() in files_read
    assert labelled.HELDOUT.resolve() not in files_read
    trained = TrainedModel.objects.get()
    assert trained.corrections == 1
    assert trained.examples == len(labelled.read(labelled.TRAIN)) + 1
    # The corrected complaint's words are now counted under "urgent".
    words = bayes.tokens(complaint.description)
    assert any(w in trained.parameters["urgent"]["counts"]["true"] for w in words)


def test_the_two_data_sets_share_no_text():
    train = {e.text for e in labelled.read(labelled.TRAIN)}
    heldout = [e.text for e in labelled.read(labelled.HELDOUT)]
    assert len(train) >= 300 and len(heldout) >= 120
    assert not train.intersection(heldout)


def test_eval_reports_both_methods(db):
    out = StringIO()
    call_command("triage_eval", stdout=out)
    text = out.getvalue()
    assert "== rules:" in text and "== model (builtin)" in text
    assert text.count("URGENT") == 4 and "food_safety" in text


def test_eval_measures_the_file_it_is_given(db, tmp_path):
    blind = labelled.DATA / "blind.jsonl"
    out = StringIO()
    call_command("triage_eval", "--file", str(blind), stdout=out)
    assert f"held-out set blind.jsonl: {len(labelled.read(blind))} complaints" in out.getvalue()
    one = tmp_path / "one.jsonl"
    one.write_text('{"text": "快递丢件了", "category": "delivery", "urgent": false}\n')
    out = StringIO()
    call_command("triage_eval", "--file", str(one), stdout=out)
    assert "held-out set one.jsonl: 1 complaints" in out.getvalue()
    out = StringIO()
    call_command("triage_eval", stdout=out)
    assert "held-out set heldout.jsonl:" in out.getvalue()


def test_the_blind_set_shares_no_text_with_training():
    train = {e.text for e in labelled.read(labelled.TRAIN)}
    blind = [e.text for e in labelled.read(labelled.DATA / "blind.jsonl")]
    assert len(blind) == 150 and not train.intersection(blind)


def test_training_learns_the_category_an_agent_chose(db, complaint, agent):
    suggestion = Suggestion.objects.get(complaint=complaint)
    other = next(c for c in Category.values if c not in (suggestion.category, complaint.category))
    actions.set_category(complaint, agent, other)
    actions.set_priority(complaint, agent, Priority.URGENT)
    examples, corrections = suggest.training_examples()
    assert corrections == 2
    assert examples[-1] == labelled.Example(complaint.description, other, True)
    assert len(examples) == len(labelled.read(labelled.TRAIN)) + 1  # one per complaint
