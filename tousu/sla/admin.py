from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tousu.complaints.models import Complaint
from tousu.sla.deadlines import recompute_open
from tousu.sla.figures import exact_words
from tousu.sla.models import (
    ClockRule,
    DayOverride,
    Deadline,
    ScheduleYear,
    SlaPolicy,
    WorkCalendar,
    rule_duration,
)
from tousu.sla.worktime import LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "day_rule", "opens_at", "closes_at", "description"]
    list_filter = ["day_rule"]
    search_fields = ["name", "description"]


class DayOverrideInline(admin.TabularInline):
    model = DayOverride
    extra = 3
    fields = ["date", "is_working_day", "name"]


@admin.register(ScheduleYear)
class ScheduleYearAdmin(admin.ModelAdmin):
    list_display = ["year", "complete", "holiday_count", "workday_count", "source", "updated_at"]
    list_filter = ["complete"]
    search_fields = ["year", "source"]
    readonly_fields = ["library_coverage", "updated_at"]
    fields = ["year", "source", "complete", "library_coverage", "updated_at"]
    inlines = [DayOverrideInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                holidays=Count("days", filter=Q(days__is_working_day=False)),
                workdays=Count("days", filter=Q(days__is_working_day=True)),
            )
        )

    @admin.display(description=_("holidays"), ordering="holidays")
    def holiday_count(self, obj: ScheduleYear) -> int:
        return obj.holidays

    @admin.display(description=_("make-up working days"), ordering="workdays")
    def workday_count(self, obj: ScheduleYear) -> int:
        return obj.workdays

    @admin.display(description=_("chinese-calendar covers"))
    def library_coverage(self, obj: ScheduleYear) -> str:
        return _(
            "%(first)d–%(last)d. A complete year entered here replaces the library's data for that year."
        ) % {
            "first": LIBRARY_FIRST_YEAR,
            "last": LIBRARY_LAST_YEAR,
        }


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_working_day", "schedule"]
    list_filter = ["schedule", "is_working_day"]
    search_fields = ["name"]
    date_hierarchy = "date"


# --- SLA policies (docs/sla.md) ---------------------------------------------------------


class ClockRuleInline(admin.TabularInline):
    model = ClockRule
    extra = 1
    fields = [
        "clock",
        "duration",
        "length",
        "calendar",
        "pauses_while_waiting_on_consumer",
        "breach_action",
        "remind_before_minutes",
    ]
    readonly_fields = ["length"]

    @admin.display(description=_("length"))
    def length(self, rule: ClockRule) -> str:
        """The rule's duration in words (a clock whose length is a setting: that setting's)."""
        return exact_words(rule_duration(rule)) if rule.pk else "—"


def _matching_open(policy: SlaPolicy):
    complaints = Complaint.objects.all()
    for field in ("kind", "channel", "category"):
        if getattr(policy, field):
            complaints = complaints.filter(**{field: getattr(policy, field)})
    if policy.priority is not None:
        complaints = complaints.filter(priority=policy.priority)
    return complaints


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "channel",
        "category",
        "priority",
        "rank",
        "active",
        "rule_count",
        "updated_at",
    ]
    list_filter = ["active", "kind", "channel"]
    search_fields = ["name"]
    inlines = [ClockRuleInline]
    actions = ["recompute"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rules_n=Count("rules"))

    @admin.display(description=_("clocks"), ordering="rules_n")
    def rule_count(self, obj: SlaPolicy) -> int:
        return obj.rules_n

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Running deadlines of the open complaints this policy matches follow the change.

        policy = form.instance
        transaction.on_commit(lambda: recompute_open(_matching_open(policy)))

    @admin.action(
        description=_("Recompute the deadlines of the open complaints these policies match")
    )
    def recompute(self, request, queryset):

        done = sum(recompute_open(_matching_open(policy)) for policy in queryset)
        self.message_user(request, _("Recomputed %(n)d complaints.") % {"n": done})


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = [
        "complaint",
        "clock",
        "state",
        "due_at",
        "length",
        "calendar",
        "breach_action",
        "outcome",
        "ended_at",
    ]
    list_filter = ["state", "clock"]
    search_fields = ["complaint__number"]
    raw_id_fields = ["complaint", "rule"]
    show_full_result_count = False
    exclude = ["duration"]  # shown in words: length
    readonly_fields = ["length"]

    @admin.display(description=_("length"), ordering="duration")
    def length(self, deadline: Deadline) -> str:
        return exact_words(deadline.duration)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
