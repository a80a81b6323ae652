"""The writing coach on the fixed sample complaints: one test per finding kind."""

import pytest

from tests.coach.samples import GOOD, SAMPLES
from tousu.coach import lexicons
from tousu.coach.analysis import ADVICE, WARNING, analyse, evidence_for


def run(**overrides):
    sample = {**GOOD, **overrides}
    text = sample.pop("text")
    return analyse(text, **sample)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_complaints_give_exactly_the_expected_findings(name):
    overrides, expected = SAMPLES[name]
    assert {f.code for f in run(**overrides)} == expected


def test_a_good_complaint_has_no_findings():
    assert run() == []


def test_every_finding_has_a_severity_message_and_concrete_suggestion():
    findings = run(text="你们都是骗子，垃圾，等着瞧", demand="", evidence_count=0, order_number="")
    assert findings
    for finding in findings:
        assert finding.severity in {ADVICE, WARNING}
        assert finding.message and finding.suggestion


def test_exaggeration_names_the_words():
    (finding,) = [
        f for f in run(text=GOOD["text"] + "史上最差，骗子！") if f.code == "exaggeration"
    ]
    assert set(finding.words) >= {"骗子"}
    assert "骗子" in finding.message


def test_rude_wording_gets_a_neutral_suggestion():
    (finding,) = [f for f in run(text=GOOD["text"] + "客服是垃圾。") if f.code == "insult"]
    assert finding.severity == WARNING
    assert "neutral" in finding.suggestion


def test_no_evidence_says_which_evidence_fits_the_category():
    def tip(category):
        (finding,) = [
            f for f in run(evidence_count=0, category=category) if f.code == "no_evidence"
        ]
        return finding.suggestion

    assert "logistics" in tip("delivery")
    assert "inspection certificate" in tip("counterfeit")
    assert "photos" in tip("quality") and "chat logs" in tip("quality")
    assert evidence_for("unknown")  # any category gets a suggestion


def test_customer_service_complaints_need_no_order_number():
    codes = {
        f.code for f in run(order_number="", category="service", demand="apology", amount_fen=None)
    }
    assert "missing_order_number" not in codes


def test_findings_are_in_chinese_when_active(settings):
    from django.utils import translation

    with translation.override("zh-hans"):
        findings = run(evidence_count=0, demand="")
    assert any("证据" in f.message for f in findings)


def test_lexicon_files_skip_comments_and_blank_lines():
    assert lexicons.parse("# comment\n\n 骗子  # trailing\n黑店\n") == frozenset({"骗子", "黑店"})
    assert "骗子" in lexicons.load("exaggeration") and "#" not in "".join(lexicons.all_words())


@pytest.mark.parametrize("category", ["service_slow", "service_unreachable", "service_unfair"])
def test_service_categories_need_no_order_number_and_ask_for_chat_logs(category):
    found = analyse(
        "11月3日起联系客服五次都没有回复。希望平台道歉。",
        category=category,
        demand="apology",
        amount_fen=None,
        order_number="",
        evidence_count=0,
    )
    codes = {f.code for f in found}
    assert "missing_order_number" not in codes and "no_evidence" in codes
    [evidence] = [f for f in found if f.code == "no_evidence"]
    assert "chat logs or call records with customer service" in evidence.suggestion
