"""What the WeChat channel remembers: bindings, conversations, seen messages, the API token.

Everything the dialogue needs between two messages is in the database, so a restart
(or another process answering the next message) loses nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Binding(models.Model):
    """A WeChat user (openid of our official account) linked to a consumer account."""

    openid = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wechat_bindings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("WeChat binding")
        verbose_name_plural = _("WeChat bindings")

    def __str__(self) -> str:
        return f"{self.openid} → {self.user}"


class BindingCode(models.Model):
    """A one-time code sent by SMS to prove the phone number. Only its HMAC is stored.

    ``user`` is empty when no consumer account has the phone number: the user is told
    the same thing either way ("if the number belongs to an account…"), and no code
    can ever match, so the dialogue does not reveal which numbers have accounts.
    """

    openid = models.CharField(max_length=64)
    phone = models.CharField(max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["openid", "-created_at"], name="wx_code_openid"),
            models.Index(fields=["phone", "-created_at"], name="wx_code_phone"),
        ]


class State(models.TextChoices):
    IDLE = "idle"
    PHONE = "phone"  # binding: waiting for the phone number
    CODE = "code"  # binding: waiting for the SMS code
    ORDER = "order"  # draft: which order
    LINES = "lines"  # draft: which item(s) of the order, how many
    DUPLICATE = "duplicate"  # draft: an open complaint covers the line; add to it or go on
    DESCRIBE = "describe"
    CATEGORY = "category"
    DEMAND = "demand"
    AMOUNT = "amount"
    PHOTOS = "photos"  # draft complete: photos, then 提交
    PICK = "pick"  # choose one of several open complaints (for 催办 or 人工)
    HUMAN = "human"  # relaying messages to an agent on one complaint


class Conversation(models.Model):
    """The dialogue with one WeChat user: where it stands and the draft so far."""

    openid = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.IDLE)
    # What to do once the state's question is answered: the command to resume after
    # binding, or what a picked complaint is for ("urge", "human").
    purpose = models.CharField(max_length=16, blank=True)
    # The numbered list last shown (order or complaint numbers), so "2" means something.
    choices = models.JSONField(default=list, blank=True)
    # The page of ``choices`` on screen when it is longer than one page (0: the first).
    page = models.PositiveSmallIntegerField(default=0)
    # The draft complaint.
    draft_key = models.CharField(max_length=40, blank=True)
    order_number = models.CharField(max_length=40, blank=True)
    # The order lines concerned: [[order item id, quantity], …]; empty: the whole order.
    lines = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=24, blank=True)
    demand = models.CharField(max_length=24, blank=True)
    amount_fen = models.BigIntegerField(null=True, blank=True)
    media_ids = models.JSONField(default=list, blank=True)
    # The complaint an agent handover relays to.
    complaint_number = models.CharField(max_length=24, blank=True)
    subscribed = models.BooleanField(default=True)
    # Opens the 48-hour customer-service message window (see adapter.py).
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    # A conversation left in the middle of a question starts over after this.
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("WeChat conversation")
        verbose_name_plural = _("WeChat conversations")

    def __str__(self) -> str:
        return f"{self.openid} ({self.state})"

    def reset(self) -> None:
        """Back to idle with an empty draft (the binding is kept)."""
        self.state = State.IDLE
        self.purpose = ""
        self.choices = []
        self.page = 0
        self.draft_key = ""
        self.order_number = self.description = self.category = self.demand = ""
        self.amount_fen = None
        self.lines = []
        self.media_ids = []
        self.complaint_number = ""


class InboundMessage(models.Model):
    """A message or event already answered: a WeChat retry gets the same reply."""

    dedupe_key = models.CharField(max_length=100, unique=True)
    openid = models.CharField(max_length=64)
    msg_type = models.CharField(max_length=32)
    reply = models.TextField(blank=True)  # the reply text; empty: answered "success"
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)


class AccessToken(models.Model):
    """The API access token, shared by every process (WeChat rate-limits fetching it)."""

    appid = models.CharField(max_length=32, primary_key=True)
    token = models.CharField(max_length=512)
    expires_at = models.DateTimeField()


class SeenRequest(models.Model):
    """A signed POST already accepted (replay guard, shared by every web process).

    WeChat's ``signature`` covers only the token, timestamp and nonce — not the body — so
    a captured URL could carry any message while its timestamp is fresh. Each accepted
    URL is remembered with the hash of its message until its timestamp goes stale: the
    same URL with the same message is WeChat retrying (answered from ``InboundMessage``);
    with another message it is a replay, refused.
    """

    key = models.CharField(max_length=64, unique=True)  # sha256 of timestamp, nonce, signature
    message_sha256 = models.CharField(max_length=64)  # of the (decrypted) message XML
    expires_at = models.DateTimeField(db_index=True)
