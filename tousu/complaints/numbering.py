"""Human-readable complaint numbers: ``TS`` + date (Asia/Shanghai) + daily sequence.

Where the number is taken depends on the database (``taken_apart``):

- SQLite: inside the filing's transaction. SQLite lets one transaction write at a time
  anyway, so the day's row costs no waiting, and a rolled-back filing gives its number
  back: numbers are gap-free per day.
- PostgreSQL: in a short transaction of its own just before the filing's. Inside, the
  day's row would stay locked until the filing commits and every web process would
  queue on it; apart, it is locked for one statement. A filing that then fails (a
  concurrent retry, a refused limit) leaves its number unused: numbers may have gaps,
  never duplicates (docs/scaling.md).
"""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tousu.complaints.models import DailySequence

_BUMP = "UPDATE {table} SET last = last + 1 WHERE day = %s RETURNING last"


def taken_apart() -> bool:
    """Is the number taken before the filing's transaction (see the module's docstring)?"""
    return connection.vendor == "postgresql"


def next_number() -> str:
    """Issue the next number of the day.

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
