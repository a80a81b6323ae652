"""Human-readable complaint numbers: ``TS`` + date (Asia/Shanghai) + daily sequence."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tousu.complaints.models import DailySequence

_BUMP = "UPDATE {table} SET last = last + 1 WHERE day = %s RETURNING last"


def next_number() -> str:
    """Issue the next number. Must run inside the transaction that creates the complaint,
    so a rolled-back filing gives its number back and numbers stay gap-free per day.

    One ``UPDATE … RETURNING`` (SQLite ≥ 3.35, PostgreSQL): it locks the day's row until
    commit, so concurrent filings queue for the next number instead of sharing one.
    """
    day = timezone.localdate()
    last = _bump(day)
    if last is None:
        try:
            with transaction.atomic():
                DailySequence.objects.create(day=day, last=1)
            last = 1
        except IntegrityError:  # another writer created the day's row first
            last = _bump(day)
    return f"TS{day:%Y%m%d}{last:06d}"


def _bump(day) -> int | None:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(DailySequence._meta.db_table)
        cursor.execute(_BUMP.format(table=table), [connection.ops.adapt_datefield_value(day)])
        row = cursor.fetchone()
    return row[0] if row else None
