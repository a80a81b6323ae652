"""Complaints in the admin: to look up, never to change. Every write goes through
tousu/complaints/actions.py (the desk, the portal, the API), which keeps the timeline, its
hash chain, the deadlines and the notifications in step; so here nothing is added, saved
or deleted."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu.complaints import workflow
from tousu.complaints.models import Complaint, ComplaintEvent, ComplaintLine, Evidence
from tousu.complaints.templatetags.money import yuan
from tousu.readonly_admin import ReadOnly


def _moment(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value else "—"


def _status(code: str) -> str:
    return str(workflow.Status(code).label) if code in workflow.Status.values else code


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class TimelineInline(ReadOnlyInline):
    model = ComplaintEvent
    verbose_name = _("timeline event")
    verbose_name_plural = _("timeline")
    fields = ["at", "what", "who", "channel_used", "text", "internal_only"]
    readonly_fields = fields
    ordering = ["id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("time"))
    def at(self, event: ComplaintEvent) -> str:
        return _moment(event.created_at)

    @admin.display(description=_("what"))
    def what(self, event: ComplaintEvent) -> str:
        if event.transition:
            step = workflow.TRANSITIONS.get(event.transition)
            name = step.label if step else event.transition
            return f"{name}: {_status(event.from_status)} → {_status(event.to_status)}"
        return str(event.get_kind_display())

    @admin.display(description=_("who"))
    def who(self, event: ComplaintEvent) -> str:
        return f"{event.actor or _('System')} ({event.actor_role})"

    @admin.display(description=_("channel"))
    def channel_used(self, event: ComplaintEvent) -> str:
        return str(event.get_channel_display())

    @admin.display(description=_("text"))
    def text(self, event: ComplaintEvent) -> str:
        return event.body

    @admin.display(description=_("internal"), boolean=True)
    def internal_only(self, event: ComplaintEvent) -> bool:
        return event.internal


class LineInline(ReadOnlyInline):
    model = ComplaintLine
    fields = ["product_name", "sku", "category", "quantity", "ordered_quantity"]
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    verbose_name = _("evidence")
    verbose_name_plural = _("evidence")
    fields = ["file_name", "brought_by", "file_type", "file_size", "sha256", "uploaded"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def file_name(self, item: Evidence) -> str:
        return item.original_name

    @admin.display(description=_("brought by"))
    def brought_by(self, item: Evidence) -> str:
        return str(item.get_party_display())

    @admin.display(description=_("type"))
    def file_type(self, item: Evidence) -> str:
        return str(item.get_media_type_display())

    @admin.display(description=_("size"))
    def file_size(self, item: Evidence) -> str:
        return filesizeformat(item.size)

    @admin.display(description=_("uploaded at"))
    def uploaded(self, item: Evidence) -> str:
        return _moment(item.uploaded_at)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "number",
        "status",
        "kind",
        "priority",
        "merchant",
        "consumer",
        "assignee",
        "channel",
        "created_at",
    ]
    list_filter = ["status", "kind", "priority", "channel", "category"]
    search_fields = ["number", "order__number", "consumer__username", "merchant__shop_name"]
    list_select_related = ["merchant", "consumer", "assignee"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = [
        "number",
        "status",
        "kind",
        "category",
        "demand",
        "amount_demanded",
        "description",
        "priority",
        "channel",
        "consumer_name",
        "order_number",
        "shop",
        "handled_by",
        "follows",
        "created_at",
        "acknowledged_at",
        "closed_at",
        "urge_count",
        "chain_head",
    ]
    readonly_fields = fields
    inlines = [LineInline, EvidenceInline, TimelineInline]

    class Media:
        css = {"all": ["tousu/admin.css"]}

    @admin.display(description=_("consumer"))
    def consumer_name(self, complaint: Complaint) -> str:
        return f"{complaint.consumer} ({complaint.consumer.username})"

    @admin.display(description=_("order"))
    def order_number(self, complaint: Complaint) -> str:
        return complaint.order.number if complaint.order_id else "—"

    @admin.display(description=_("merchant"))
    def shop(self, complaint: Complaint) -> str:
        return str(complaint.merchant or "—")

    @admin.display(description=_("assignee"))
    def handled_by(self, complaint: Complaint) -> str:
        return str(complaint.assignee or "—")

    @admin.display(description=_("amount demanded"))
    def amount_demanded(self, complaint: Complaint) -> str:
        return yuan(complaint.demand_amount_fen) or "—"
