"""The merchant's evidence files are written to the storage before the answer's transaction
(on S3 a write is a network call: docs/architecture.md, no network call inside a transaction),
and a refused answer attaches none of them."""

from __future__ import annotations

import pytest

from tests.conftest import photo
from tousu.adjudication import negotiation
from tousu.adjudication.negotiation import Reply
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ValidationFailed
from tousu.complaints.models import Evidence


@pytest.fixture
def waiting(complaint, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    return complaint


def test_the_answers_files_are_stored_outside_any_transaction(
    waiting, merchant_staff, storage_writes
):
    files = [photo("a.png", (1, 2, 3)), photo("b.png", (4, 5, 6))]
    negotiation.respond(waiting, merchant_staff, Reply("reject", reason="不支持"), uploads=files)
    assert storage_writes == [False, False]
    assert Evidence.objects.filter(complaint=waiting, party="merchant").count() == 2


def test_a_refused_answer_stores_and_attaches_nothing(waiting, merchant_staff, storage_writes):
    with pytest.raises(ValidationFailed):
        negotiation.respond(waiting, merchant_staff, Reply("reject"), uploads=[photo()])
    assert storage_writes == []
    assert not Evidence.objects.filter(complaint=waiting).exists()
