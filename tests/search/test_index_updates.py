"""The index changes with the write that changes the text, in the same transaction."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.search.conftest import file, found
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.search.models import SearchDocument


class Boom(Exception):
    pass


def test_a_message_is_found_once_posted(consumer, agent):
    filed = file(consumer, "耳机坏了")
    assert found(agent, "驿站") == []
    actions.post_message(filed, consumer, "快递放在驿站了", channel=Channel.WEB)
    assert found(agent, "驿站") == [filed.number]


def test_a_rolled_back_message_leaves_no_trace_in_the_index(consumer, agent):
    filed = file(consumer, "耳机坏了")
    before = SearchDocument.objects.get(pk=filed.pk)
    with pytest.raises(Boom):
        with transaction.atomic():
            actions.post_message(filed, consumer, "快递放在驿站了", channel=Channel.WEB)
            assert found(agent, "驿站") == [filed.number]  # inside: written with the message
            raise Boom
    assert found(agent, "驿站") == []
    assert SearchDocument.objects.get(pk=filed.pk).talk == before.talk


def test_a_rolled_back_filing_leaves_no_document(consumer, agent):
    with pytest.raises(Boom):
        with transaction.atomic():
            file(consumer, "独一无二的描述词语")
            raise Boom
    assert found(agent, "独一无二") == []
    assert not SearchDocument.objects.exists()


def test_reasons_given_with_a_step_are_searchable(consumer, agent):
    filed = file(consumer, "耳机坏了")
    actions.transition(
        filed, consumer, "withdraw", channel=Channel.WEB, note="已经和商家私下协商好了"
    )
    assert found(agent, "私下协商") == [filed.number]


def test_the_rebuild_writes_what_the_actions_wrote(consumer, agent, order):
    filed = file(consumer, "耳机左耳没有声音", order_number=order.number)
    actions.post_message(filed, consumer, "快递放在驿站了", channel=Channel.WEB)
    actions.post_message(filed, agent, "核实物流", channel=Channel.DESK, internal=True)
    incremental = SearchDocument.objects.values().get(pk=filed.pk)
    SearchDocument.objects.all().delete()
    assert found(agent, "驿站") == []
    call_command("search_reindex", "--batch", "1", stdout=open("/dev/null", "w"))
    assert SearchDocument.objects.values().get(pk=filed.pk) == incremental
    assert found(agent, "驿站") == [filed.number]


def test_a_complaint_filed_before_the_index_gets_its_document_on_its_next_text(consumer, agent):
    filed = file(consumer, "耳机坏了")
    SearchDocument.objects.all().delete()  # as if filed before search existed
    actions.post_message(filed, consumer, "快递放在驿站了", channel=Channel.WEB)
    assert found(agent, "耳机") == [filed.number]
    assert found(agent, "驿站") == [filed.number]
