"""Excerpts: the text with the most words, cut near the first, marked, escaped."""

from __future__ import annotations

from tousu.search import snippets


def test_marks_every_occurrence_and_merges_overlaps():
    assert snippets.spans("退款退款，不退款", ["退款"]) == [(0, 4), (6, 8)]
    assert snippets.spans("中华人民共和国", ["中华", "华人", "人民"]) == [(0, 4)]


def test_a_short_text_is_shown_whole():
    got = snippets.excerpt("商家迟迟不发货，太慢了", ["发货", "太慢"], "description")
    assert got.text == "商家迟迟不发货，太慢了"
    assert [got.text[s:e] for s, e in got.spans] == ["发货", "太慢"]


def test_a_long_text_starts_after_the_punctuation_before_the_first_word():
    text = "一" * 40 + "。" + "二" * 10 + "退款" + "三" * 200
    got = snippets.excerpt(text, ["退款"], "message")
    assert got.text.startswith("…二") and got.text.endswith("…")
    assert [got.text[s:e] for s, e in got.spans] == ["退款"]
    assert len(got.text) == snippets.LENGTH + 2


def test_the_text_with_the_most_words_wins():
    texts = [("description", "申请退款"), ("message", "发货太慢，申请退款"), ("note", "太慢")]
    assert snippets.best(texts, ("发货", "太慢", "退款")).source == "message"
    assert snippets.best(texts, ("彩虹",)) is None


def test_html_escapes_the_text_and_marks_only_the_words():
    got = snippets.excerpt('<a href="x">退款</a>', ["退款"], "description")
    assert str(got.html) == "&lt;a href=&quot;x&quot;&gt;<mark>退款</mark>&lt;/a&gt;"
