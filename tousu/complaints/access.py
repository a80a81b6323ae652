"""Who may see and do what: every such question is answered here, and nowhere else.

* Which rows a user may see: ``complaints_for``, ``orders_for``, ``timeline_for``,
  ``evidence_for`` (lists, pages, downloads, the API, WeChat and the phone desk all read
  through them). Someone without access gets the same answer as for a complaint that does
  not exist, so existence never leaks. Call recordings (audio evidence) are platform
  records that merchant staff do not see unless ``TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS``:
  not in the timeline, not in the evidence lists, not downloadable (404).
* The part a user plays on one complaint (``role_on``, ``part_in``) and whether it lets
  them take a step of the state machine: the roles come from ``workflow.TRANSITIONS``.
* Which areas a user may enter (``may_use_desk``, ``may_supervise``,
  ``may_use_merchant_center``, ``may_use_portal``, …): the view guards
  (``tousu.complaints.guards``) and the templates (the ``may`` context processor) ask
  these, never ``user.role``.

``QUESTIONS`` lists the user-level questions; tests/complaints/test_access_questions.py
answers each for every role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from tousu.accounts.models import Role, User
from tousu.complaints import workflow
from tousu.complaints.choices import MediaType
from tousu.complaints.errors import NotFound
from tousu.complaints.models import Complaint, ComplaintEvent, Evidence
from tousu.merchants.models import Merchant, ShopApiKey
from tousu.orders.models import Order

SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _role(user) -> str | None:
    """The account's role, or None for an anonymous visitor."""
    return user.role if getattr(user, "is_authenticated", False) else None


# --- Who someone is, whatever the complaint ---------------------------------------------


def is_platform_staff(user) -> bool:
    """Agents, supervisors and admins: the platform's own customer service."""
    return _role(user) in workflow.PLATFORM


def is_consumer(user) -> bool:
    return _role(user) == Role.CONSUMER


def is_merchant_staff(user) -> bool:
    return _role(user) == Role.MERCHANT


# --- Areas -------------------------------------------------------------------------------


def may_use_desk(user) -> bool:
    """The agent desk, the workbench, the intervention page, the phone desk, the simulator."""
    return is_platform_staff(user)


def may_supervise(user) -> bool:
    """The deadline overview, every shop's scorecard and the phone-number access log."""
    return _role(user) in SUPERVISING_ROLES


def may_share_views(user) -> bool:
    """Share a saved queue view with all staff (everyone at the desk may save their own)."""
    return may_supervise(user)


def may_manage_macros(user) -> bool:
    """Create, edit and delete canned replies (agents only use them)."""
    return may_supervise(user)


def may_use_merchant_center(user) -> bool:
    """The merchant center: staff of one or more shops."""
    return is_merchant_staff(user)


def may_use_portal(user) -> bool:
    """The consumer's pages: orders, filing, my complaints, asking for a callback."""
    return is_consumer(user)


def may_use_complaint_pages(user) -> bool:
    """The writes shared by the consumer's and the merchant's complaint page."""
    return is_consumer(user) or is_merchant_staff(user)


def may_file(user) -> bool:
    """Filing a complaint or asking for a callback in one's own name."""
    return is_consumer(user)


def may_import(user) -> bool:
    """The import and export endpoints (orders, external cases, replies)."""
    return _role(user) == Role.ADMIN


def may_act_for(user, consumer_id: int) -> bool:
    """Acting in a consumer's name outside a complaint (a callback): themselves, or staff."""
    return user.pk == consumer_id or is_platform_staff(user)


def sees_internal(user) -> bool:
    """Internal notes and staff names on the timeline, and writing on a closed complaint."""
    return is_platform_staff(user)


# Every user-level question, by name (tests walk these for each role).
QUESTIONS = {
    f.__name__: f
    for f in (
        is_platform_staff,
        is_consumer,
        is_merchant_staff,
        may_use_desk,
        may_supervise,
        may_use_merchant_center,
        may_use_portal,
        may_use_complaint_pages,
        may_file,
        may_import,
        sees_internal,
    )
}


# --- Shops and their API keys ---------------------------------------------------------------

# Set on the user of a call made with a shop API key (``scope_to_shop``): the one shop it acts for.
_SHOP_SCOPE = "tousu_shop_scope"


def scope_to_shop(user: User, shop_id: int) -> User:
    """Make ``user`` (a shop key's creator, for one API call) act for that shop only: every
    question below then sees that shop's complaints alone, whatever other shops they staff."""
    setattr(user, _SHOP_SCOPE, shop_id)
    return user


def is_shop_scoped(user) -> bool:
    """The call is made with a shop API key (not the person's own sign-in)."""
    return getattr(user, _SHOP_SCOPE, None) is not None


def shops_of(user: User) -> QuerySet[Merchant]:
    """The shops whose complaints ``user`` answers (only the key's shop for a shop key)."""
    if not is_merchant_staff(user):
        return Merchant.objects.none()
    shops = user.shops.all()
    return shops.filter(pk=getattr(user, _SHOP_SCOPE)) if is_shop_scoped(user) else shops


def may_use_shop_key(user) -> bool:
    """A shop key works only for an active member of merchant staff (still staff of the shop:
    ``ShopApiKey.objects.working``)."""
    return user.is_active and is_merchant_staff(user)


def may_manage_keys(user, shop: Merchant) -> bool:
    """Create and revoke ``shop``'s API keys: its staff, signed in themselves (not with a key)."""
    return (
        is_merchant_staff(user)
        and not is_shop_scoped(user)
        and user.shops.filter(pk=shop.pk).exists()
    )


def keys_for(user) -> QuerySet[ShopApiKey]:
    """The API keys of the shops ``user`` may manage, newest first."""
    if not is_merchant_staff(user) or is_shop_scoped(user):
        return ShopApiKey.objects.none()
    return ShopApiKey.objects.filter(merchant__in=user.shops.all()).select_related(
        "merchant", "created_by", "revoked_by"
    )


# --- Rows someone may see ------------------------------------------------------------------


def complaints_for(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if is_platform_staff(user):
        return qs
    if is_merchant_staff(user):
        return qs.filter(merchant__in=shops_of(user))
    if is_consumer(user):
        return qs.filter(consumer=user)
    return qs.none()


def numbered(rows: QuerySet, number: str) -> QuerySet:
    """``rows`` with this ``number`` (a complaint's or an order's, as typed or in an address).

    A number holding the NUL character matches nothing: no number has one, and PostgreSQL
    cannot even compare text with it (the query would fail instead of finding nothing)."""
    return rows.none() if "\x00" in number else rows.filter(number=number)


def get_complaint(user: User, number: str) -> Complaint:
    complaint = numbered(
        complaints_for(user).select_related("consumer", "merchant", "order", "assignee"), number
    ).first()
    if complaint is None:
        raise NotFound()
    return complaint


def hides_recordings(user: User) -> bool:
    merchant = getattr(user, "role", None) == Role.MERCHANT
    return merchant and not settings.TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS


def timeline_for(user: User, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    events = complaint.events.select_related("actor", "evidence")
    if hides_recordings(user):
        events = events.exclude(evidence__media_type=MediaType.AUDIO)
    return events if sees_internal(user) else events.filter(internal=False)


def evidence_for(user: User, complaint: Complaint) -> QuerySet[Evidence]:
    items = complaint.evidence.select_related("uploaded_by")
    return items.exclude(media_type=MediaType.AUDIO) if hides_recordings(user) else items


def evidence_item(user: User, pk: int) -> Evidence | None:
    """One evidence file for download, with its complaint; None when ``user`` may not see it."""
    items = Evidence.objects.select_related("complaint").filter(
        pk=pk, complaint__in=complaints_for(user)
    )
    if hides_recordings(user):
        items = items.exclude(media_type=MediaType.AUDIO)
    return items.first()


def assignable_staff() -> QuerySet[User]:
    """Everyone a complaint can be assigned to: active platform staff."""
    return User.objects.filter(role__in=workflow.PLATFORM, is_active=True).order_by(
        "display_name", "username"
    )


def orders_for(user: User) -> QuerySet[Order]:
    if not is_consumer(user):
        return Order.objects.none()
    return Order.objects.filter(consumer=user)


def order_of(user: User, number: str) -> Order | None:
    """The consumer's order ``number`` with its shop (``orders_for``, one order), or None.

    In plain SQL (``tousu.rawsql``): every filing with an order asks, and the ORM's select
    with its join cost ten times the two statements."""
    if not is_consumer(user) or "\x00" in number:  # NUL: see ``numbered``
        return None
    order = next(iter(Order.objects.raw(_ORDER_SQL, [user.pk, number])), None)
    if order is not None:
        order.merchant = next(iter(Merchant.objects.raw(_SHOP_SQL, [order.merchant_id])))
    return order


_ORDER_SQL = f"SELECT * FROM {Order._meta.db_table} WHERE consumer_id = %s AND number = %s"  # noqa: S608
_SHOP_SQL = f"SELECT * FROM {Merchant._meta.db_table} WHERE id = %s"  # noqa: S608


# --- The part someone plays on one complaint -----------------------------------------------


def role_on(user: User | None, complaint: Complaint) -> str | None:
    """The role ``user`` plays on this complaint, or None if they have no part in it
    (``None`` as the user: the system itself)."""
    if user is None:
        return workflow.SYSTEM
    if is_platform_staff(user):
        return user.role
    if is_consumer(user) and complaint.consumer_id == user.pk:
        return Role.CONSUMER
    if (
        is_merchant_staff(user)
        and complaint.merchant_id
        and shops_of(user).filter(pk=complaint.merchant_id).exists()
    ):
        return Role.MERCHANT
    return None


@dataclass(frozen=True)
class Part:
    """The part one user plays on one complaint, worked out once (``part_in``)."""

    role: str | None
    status: str

    @property
    def is_consumer(self) -> bool:
        return self.role == Role.CONSUMER

    @property
    def is_merchant(self) -> bool:
        return self.role == Role.MERCHANT

    @property
    def is_platform(self) -> bool:
        return self.role in workflow.PLATFORM

    def may_take(self, step: str) -> bool:
        """The step starts from the complaint's status and allows this role."""
        return self.role is not None and workflow.allowed(
            workflow.TRANSITIONS[step], self.status, self.role
        )

    def plays(self, step: str) -> bool:
        """This role may take ``step`` (from the states it starts from, whatever the status now)."""
        return self.role in workflow.TRANSITIONS[step].roles

    def buttons(self) -> list[workflow.Transition]:
        """The plain steps to offer as buttons (structured steps have their own forms)."""
        return workflow.buttons(self.status, self.role) if self.role else []


def part_in(user: User | None, complaint: Complaint) -> Part:
    return Part(role_on(user, complaint), complaint.status)


def is_consumer_of(user: User, complaint: Complaint) -> bool:
    return role_on(user, complaint) == Role.CONSUMER


def is_merchant_of(user: User, complaint: Complaint) -> bool:
    return role_on(user, complaint) == Role.MERCHANT


def may_take(user: User | None, complaint: Complaint, step: str) -> bool:
    """Whether ``user`` may take ``step`` on the complaint as it stands (status and role)."""
    return part_in(user, complaint).may_take(step)


def may_urge(user: User, complaint: Complaint) -> bool:
    """催一催 applies to the consumer's own complaint while it is open (the cooldown and the
    daily limit say when: ``quotas.next_urge``)."""
    return complaint.is_open and is_consumer_of(user, complaint)


def may_download_record(user: User, complaint: Complaint) -> bool:
    """The full record (ZIP) is the consumer's and the platform's; not the merchant's."""
    return is_platform_staff(user) or complaint.consumer_id == user.pk
