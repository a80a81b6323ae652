"""Chinese words match as users expect: word inside longer words, phrases in any order."""

from __future__ import annotations

from tests.search.conftest import file, found
from tousu.search import tokens


def test_a_word_finds_the_longer_words_that_contain_it(consumer, agent):
    applied = file(consumer, "退款申请已经提交三天了")
    not_yet = file(consumer, "商家签收退货后一直未退款")
    other = file(consumer, "快递一直没到")
    got = found(agent, "退款")
    assert set(got) == {applied.number, not_yet.number}
    assert other.number not in got


def test_a_phrase_finds_its_words_in_another_order_or_apart(consumer, agent):
    apart = file(consumer, "商家迟迟不发货，太慢了")
    reversed_order = file(consumer, "太慢了！下单五天才发货")
    one_word_only = file(consumer, "发货很快，包装很好")
    got = found(agent, "发货太慢")
    assert set(got) == {apart.number, reversed_order.number}
    assert one_word_only.number not in got


def test_best_matches_come_first(consumer, agent):
    apart = file(consumer, "商家迟迟不发货，客服也不理人，等了一周多，物流才显示，真是太慢了")
    together = file(consumer, "发货太慢，等了一周")
    assert found(agent, "发货太慢") == [together.number, apart.number]


def test_a_word_said_more_often_ranks_higher(consumer, agent):
    once = file(consumer, "申请退款被拒，商品质量有问题，包装破损，客服态度也不好")
    thrice = file(consumer, "退款退款退款，申请退款一周了")
    assert found(agent, "退款") == [thrice.number, once.number]


def test_query_words_are_whole_words_not_characters(consumer, agent):
    file(consumer, "退货已经寄回")
    assert found(agent, "退款") == []


def test_long_words_are_indexed_with_the_words_inside_them():
    cut = tokens.words("中华人民共和国消费者权益保护法")
    assert {"消费者", "消费", "权益", "保护法"} <= set(cut)


def test_latin_words_match_in_any_case(consumer, agent):
    filed = file(consumer, "iPhone 充电器 不能用")
    assert found(agent, "IPHONE") == [filed.number]
