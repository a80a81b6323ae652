"""Per-account limits on filing and urging, counted from the database over rolling windows."""

import io
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import draft
from tousu.complaints import actions, filing, quotas
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import FilingLimitReached, UrgeLimitReached
from tousu.complaints.models import Complaint, IdempotencyKey
from tousu.complaints.numbering import taken_apart


@pytest.fixture
def start():
    return (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)


@pytest.fixture
def limits(settings):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 3
    settings.TOUSU_FILING_LIMIT_PER_DAY = 5
    settings.TOUSU_URGE_LIMIT_PER_DAY = 2
    return settings


def file(consumer, at, *, channel=Channel.WEB, key="", text="耳机左耳没有声音。"):
    with time_machine.travel(at, tick=False):
        return filing.file_complaint(
            consumer, draft(description=text), channel=channel, idempotency_key=key
        )


def test_under_the_hourly_limit_accepted_over_it_refused_and_nothing_written(
    consumer, order, limits, start
):
    for minute in range(3):
        assert file(consumer, start + timedelta(minutes=minute))[1] is True
    with pytest.raises(FilingLimitReached) as refused:
        file(consumer, start + timedelta(minutes=10), key="fourth")
    assert refused.value.status == 429 and refused.value.code == "filing_limit_reached"
    assert refused.value.retry_at == start + timedelta(hours=1)  # the first leaves the window
    when = timezone.localtime(start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    assert "3 complaints in the past hour" in refused.value.text()
    assert when in refused.value.text()
    assert Complaint.objects.count() == 3
    assert not IdempotencyKey.objects.filter(key="fourth").exists()


def test_the_hour_rolls_over_and_filing_is_accepted_again(consumer, order, limits, start):
    for minute in range(3):
        file(consumer, start + timedelta(minutes=minute))
    with pytest.raises(FilingLimitReached):
        file(consumer, start + timedelta(hours=1) - timedelta(seconds=1))
    assert file(consumer, start + timedelta(hours=1))[1] is True
    with pytest.raises(FilingLimitReached) as refused:  # the second one still counts
        file(consumer, start + timedelta(hours=1, seconds=30))
    assert refused.value.retry_at == start + timedelta(hours=1, minutes=1)
    # SQLite: numbers stay gap-free, a refusal takes none. PostgreSQL takes the number before
    # the filing's transaction (tousu/complaints/numbering.py): the refused one left a gap.
    numbers = sorted(int(n[-6:]) for n in Complaint.objects.values_list("number", flat=True))
    assert numbers == ([1, 2, 3, 5] if taken_apart() else [1, 2, 3, 4])


def test_the_24_hour_limit(consumer, order, limits, start):
    for n in range(5):
        file(consumer, start + timedelta(hours=2 * n))
    with pytest.raises(FilingLimitReached) as refused:
        file(consumer, start + timedelta(hours=12))
    assert refused.value.retry_at == start + timedelta(days=1)
    assert "5 complaints in the past 24 hours" in refused.value.text()
    assert file(consumer, start + timedelta(days=1))[1]


def test_both_windows_are_judged_from_one_query(consumer, order, limits, start):
    file(consumer, start)
    for minute in range(3):  # the hour's 3; 4 in 24 hours
        file(consumer, start + timedelta(hours=20, minutes=minute))
    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(FilingLimitReached) as hourly:
            quotas.check_filing(consumer, Channel.WEB, start + timedelta(hours=20, minutes=5))
    assert len(queries.captured_queries) == 1
    assert hourly.value.retry_at == start + timedelta(hours=21)
    assert "3 complaints in the past hour" in hourly.value.text()
    file(consumer, start + timedelta(hours=21))  # the 5th in 24 hours
    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(FilingLimitReached) as daily:
            quotas.check_filing(consumer, Channel.WEB, start + timedelta(hours=21, minutes=1))
    assert len(queries.captured_queries) == 1
    assert daily.value.retry_at == start + timedelta(days=1)
    assert "5 complaints in the past 24 hours" in daily.value.text()


def test_another_account_is_not_affected(consumer, order, outsider, limits, start):
    for minute in range(3):
        file(consumer, start + timedelta(minutes=minute))
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        theirs, created = filing.file_complaint(
            outsider,
            draft(order_number="", kind="complaint", demand="apology", amount_fen=None),
            channel=Channel.WEB,
        )
    assert created and theirs.consumer == outsider


def test_an_idempotent_retry_is_neither_counted_nor_refused(consumer, order, limits, start):
    first, _ = file(consumer, start, key="k-1")
    for n in range(3):  # the same request again and again: still one filing
        again, created = file(consumer, start + timedelta(minutes=n + 1), key="k-1")
        assert again == first and created is False
    file(consumer, start + timedelta(minutes=5), key="k-2", text="第二次")
    file(consumer, start + timedelta(minutes=6), key="k-3", text="第三次")
    with pytest.raises(FilingLimitReached):
        file(consumer, start + timedelta(minutes=7), key="k-4", text="第四次")
    # At the limit, a retry of an earlier request still gets its complaint back.
    assert file(consumer, start + timedelta(minutes=8), key="k-1") == (first, False)
    assert Complaint.objects.count() == 3


def test_phone_desk_and_imports_are_not_limited_and_do_not_count(consumer, order, limits, start):
    for minute in range(3):
        file(consumer, start + timedelta(minutes=minute), channel=Channel.PHONE)
    file(consumer, start + timedelta(minutes=4), channel=Channel.REGULATOR_12315)
    for minute in range(3):  # the consumer's own quota is untouched
        file(consumer, start + timedelta(minutes=10 + minute))
    with pytest.raises(FilingLimitReached):
        file(consumer, start + timedelta(minutes=20))
    # At the consumer's limit, an agent can still file for them on the phone.
    assert file(consumer, start + timedelta(minutes=21), channel=Channel.PHONE)[1]


def test_a_limit_of_zero_is_no_limit(consumer, order, settings, start):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = settings.TOUSU_FILING_LIMIT_PER_DAY = 0
    for minute in range(8):
        file(consumer, start + timedelta(minutes=minute))
    assert Complaint.objects.count() == 8


# --- urging ----------------------------------------------------------------------------------


def test_urges_are_limited_per_account_across_complaints(consumer, order, outsider, limits, start):
    settings = limits
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 0
    complaints = [
        file(consumer, start - timedelta(hours=2), text=f"第 {n} 件")[0] for n in range(3)
    ]
    for n, complaint in enumerate(complaints[:2]):
        with time_machine.travel(start + timedelta(minutes=n), tick=False):
            actions.urge(complaint, consumer, channel=Channel.WEB)
    with (
        time_machine.travel(start + timedelta(minutes=5), tick=False),
        pytest.raises(UrgeLimitReached) as refused,
    ):
        actions.urge(complaints[2], consumer, channel=Channel.APP)
    assert refused.value.status == 429 and refused.value.code == "urge_limit_reached"
    assert refused.value.retry_at == start + timedelta(days=1)
    assert "2 times in the past 24 hours" in refused.value.text()
    complaints[2].refresh_from_db()
    assert complaints[2].urge_count == 0
    assert not complaints[2].events.filter(kind=EventKind.URGED).exists()
    # Another account urges its own complaint meanwhile.
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        theirs, _ = filing.file_complaint(
            outsider,
            draft(order_number="", kind="complaint", demand="apology", amount_fen=None),
            channel=Channel.WEB,
        )
        actions.urge(theirs, outsider, channel=Channel.WEB)
    # The day rolls over: the first urge has left the window.
    with time_machine.travel(start + timedelta(days=1), tick=False):
        actions.urge(complaints[2], consumer, channel=Channel.APP)
    complaints[2].refresh_from_db()
    assert complaints[2].urge_count == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_of_one_account_cannot_both_pass_the_count(consumer, order, settings):
    """PostgreSQL: the account's row lock serialises the count (SQLite: tests/complaints/
    test_sqlite_concurrency.py, with separate processes)."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads")
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 3
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def attempt(n: int) -> None:
        start.wait()
        try:
            filing.file_complaint(consumer, draft(description=f"第 {n} 次"), channel=Channel.APP)
            outcomes.append("filed")
        except FilingLimitReached:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["filed"] * 3 + ["refused"] * 3
    assert Complaint.objects.count() == 3


def test_the_demo_loader_is_not_limited_and_puts_the_limits_back(db, settings):
    settings.TOUSU_FILING_LIMIT_PER_HOUR, settings.TOUSU_FILING_LIMIT_PER_DAY = 5, 20
    call_command("load_demo", stdout=io.StringIO())
    most = (
        Complaint.objects.filter(channel__in=settings.TOUSU_FILING_LIMITED_CHANNELS)
        .values("consumer")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert most["n"] > 5  # more than one account may file in an hour, all just now
    assert (settings.TOUSU_FILING_LIMIT_PER_HOUR, settings.TOUSU_FILING_LIMIT_PER_DAY) == (5, 20)
