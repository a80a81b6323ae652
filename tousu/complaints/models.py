"""Complaints, their append-only timeline and their evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu.complaints.chain import event_hash, head_is, known_head
from tousu.complaints.choices import (
    Category,
    Channel,
    Demand,
    EventKind,
    Kind,
    MediaType,
    Party,
    Priority,
)
from tousu.complaints.workflow import OPEN, TERMINAL, Status

# An open complaint, as a filter: the predicate of the partial "open" indexes below.
# A database only uses a partial index when the query repeats its condition, so the
# agent queue writes exactly this, values inlined (tousu/search/queue.py, open_only).
# The filters the deadline-sorted queue has an index for (assignee, status, ... then next_due_at).
DUE_INDEX_LEADS: list[list[str]] = [
    [],
    ["assignee"],
    ["status"],
    ["priority"],
    ["channel"],
    ["category"],
    ["merchant"],
    ["team"],
]
OPEN_Q = ~models.Q(status__in=sorted(s.value for s in TERMINAL))


class Complaint(models.Model):
    number = models.CharField(_("complaint number"), max_length=24, unique=True)
    consumer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints"
    )
    # Both optional: a complaint may be about the platform's own customer service.
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    order_snapshot = models.JSONField(_("order at filing time"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    demand = models.CharField(_("demand"), max_length=16, choices=Demand.choices)
    demand_amount_fen = models.BigIntegerField(_("amount demanded (fen)"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    priority = models.SmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The team of agents whose queue it is in (tousu.complaints.routing sets it).
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("team"),
    )
    # A new complaint about the same matter as a closed one that could no longer be
    # reopened (filing.follow_up): the thread continues here.
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("follows"),
    )
    # The earliest due time of its running SLA clocks (tousu.sla.deadlines keeps it in step,
    # in the same transaction): the desk sorts and filters by it through the cmp_due_* indexes.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, editable=False)
    urge_count = models.PositiveIntegerField(_("times urged"), default=0)
    last_urged_at = models.DateTimeField(_("last urged at"), null=True, blank=True)
    # Hash of the last timeline event (tousu.complaints.chain): catches events cut off the end.
    chain_head = models.CharField(_("timeline chain head"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        # The agent queue pages by keyset on (sort column, id); each common filter has
        # an index ending in id so that a filtered page is one index range scan.
        indexes = [
            models.Index(fields=["status", "id"], name="cmp_status_id"),
            models.Index(fields=["priority", "id"], name="cmp_priority_id"),
            models.Index(fields=["status", "priority", "id"], name="cmp_status_priority_id"),
            models.Index(fields=["channel", "id"], name="cmp_channel_id"),
            models.Index(fields=["category", "id"], name="cmp_category_id"),
            models.Index(fields=["merchant", "id"], name="cmp_merchant_id"),
            models.Index(fields=["assignee", "status", "id"], name="cmp_assignee_status_id"),
            models.Index(fields=["consumer", "id"], name="cmp_consumer_id"),
            # The per-account filing limit counts a consumer's recent complaints (quotas.py).
            models.Index(fields=["consumer", "created_at"], name="cmp_consumer_created"),
            # Queue filters sorted by priority (see docs/desk.md).
            models.Index(fields=["channel", "priority", "id"], name="cmp_channel_priority_id"),
            models.Index(fields=["category", "priority", "id"], name="cmp_category_priority_id"),
            models.Index(fields=["merchant", "priority", "id"], name="cmp_merchant_priority_id"),
            # The default queue is "all open": small partial indexes over open rows only.
            models.Index(fields=["id"], condition=OPEN_Q, name="cmp_open_id"),
            models.Index(fields=["priority", "id"], condition=OPEN_Q, name="cmp_open_priority_id"),
            models.Index(fields=["assignee", "id"], condition=OPEN_Q, name="cmp_open_assignee_id"),
            models.Index(fields=["team", "id"], condition=OPEN_Q, name="cmp_open_team_id"),
            models.Index(fields=["team", "status", "id"], name="cmp_team_status_id"),
            models.Index(
                fields=["assignee", "priority", "id"],
                condition=OPEN_Q,
                name="cmp_open_assignee_priority_id",
            ),
            models.Index(
                fields=["team", "priority", "id"],
                condition=OPEN_Q,
                name="cmp_open_team_priority_id",
            ),
            # The desk's "next deadline" sort and its overdue / at-risk filters, alone and with
            # each filter: small partial indexes over the rows with a running deadline.
            *[
                models.Index(
                    fields=[*lead, "next_due_at", "id"],
                    condition=models.Q(next_due_at__isnull=False),
                    name=f"cmp_due_{'_'.join(lead) or 'id'}",
                )
                for lead in DUE_INDEX_LEADS
            ],
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            head_is(self.pk, self.chain_head)  # a new complaint's timeline starts here

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class ComplaintLine(models.Model):
    """An order line the complaint is about and the quantity concerned, copied at filing.

    The order's own lines are replaced whenever the order is imported again, so the
    line is kept here as it was (``order_item`` then becomes empty). A complaint without
    lines (no order, or filed before lines were chosen) is about the whole order.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="lines")
    order_item = models.ForeignKey(
        "orders.OrderItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    product_name = models.CharField(_("product"), max_length=200)
    sku = models.CharField(_("SKU"), max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=16)
    product_kind = models.CharField(_("product kind"), max_length=32, blank=True)
    unit_price_fen = models.BigIntegerField(_("unit price (fen)"))
    quantity = models.PositiveIntegerField(_("quantity concerned"))
    ordered_quantity = models.PositiveIntegerField(_("quantity ordered"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("complaint line")
        verbose_name_plural = _("complaint lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=models.F("ordered_quantity")),
                name="complaint_line_quantity_in_order",
            ),
        ]

    @property
    def paid_fen(self) -> int:
        """What was paid for the quantity concerned."""
        return self.unit_price_fen * self.quantity


class ComplaintEvent(models.Model):
    """One line of a complaint's timeline. Rows are written once and never changed."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=16)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    transition = models.CharField(max_length=32, blank=True)
    body = models.TextField(blank=True)
    # Staff-only entries (internal notes) are never shown to consumers or merchants.
    internal = models.BooleanField(default=False)
    evidence = models.ForeignKey(
        "Evidence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    # Set before the insert (not auto_now_add) because the hash covers it.
    created_at = models.DateTimeField(default=timezone.now)
    # Tamper-evident chain (tousu.complaints.chain): set here, the one place events are written.
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["complaint", "id"], name="event_complaint_id"),
            # The per-account urge limit counts an account's recent urges (quotas.py): a
            # partial index over urges only stays small beside the whole timeline.
            models.Index(
                fields=["actor", "created_at"],
                condition=models.Q(kind="urged"),
                name="event_urge_actor_created",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Timeline events are append-only")
        # No savepoint of its own: an error here fails the caller's transaction anyway.
        with transaction.atomic(savepoint=False):
            # The head this transaction wrote or locked a moment ago (chain.known_head), else
            # read under the row lock: callers already hold it; taking it here as well makes
            # the chain race-free for any writer (a no-op re-lock inside the same transaction).
            head = known_head(self.complaint_id)
            if head is None:
                head = (
                    Complaint.objects.select_for_update()
                    .filter(pk=self.complaint_id)
                    .values_list("chain_head", flat=True)
                    .get()
                )
            self.prev_hash = head or ""
            self.data = self.data if self.data is not None else {}
            self.created_at = self.created_at or timezone.now()
            self.hash = event_hash(self, self.evidence.sha256 if self.evidence_id else "")
            super().save(*args, **kwargs)
            Complaint.objects.filter(pk=self.complaint_id).update(chain_head=self.hash)
            head_is(self.complaint_id, self.hash)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Timeline events are append-only")


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Content-addressed: the same bytes always land on the same name, so a file is
    # never overwritten by different content.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Evidence(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="evidence")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The side the uploader acted for: the same bytes may be one party's evidence and the
    # other's too (each recorded once per party), never twice for the same party.
    party = models.CharField(max_length=8, choices=Party.choices)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    media_type = models.CharField(max_length=8, choices=MediaType.choices)
    content_type = models.CharField(max_length=64)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "party", "sha256"], name="evidence_once_per_party"
            )
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Evidence is never modified")
        super().save(*args, **kwargs)


class DailySequence(models.Model):
    """Last complaint sequence number issued on a day (Asia/Shanghai)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class IdempotencyKey(models.Model):
    """Remembers which complaint a client's Idempotency-Key produced."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    fingerprint = models.CharField(max_length=64)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key")]
