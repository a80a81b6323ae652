from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tousu.sla.models import DayOverride, ScheduleYear, WorkCalendar
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
        return super().get_queryset(request).annotate(
            holidays=Count("days", filter=Q(days__is_working_day=False)),
            workdays=Count("days", filter=Q(days__is_working_day=True)),
        )

    @admin.display(description=_("holidays"), ordering="holidays")
    def holiday_count(self, obj: ScheduleYear) -> int:
        return obj.holidays

    @admin.display(description=_("make-up working days"), ordering="workdays")
    def workday_count(self, obj: ScheduleYear) -> int:
        return obj.workdays

    @admin.display(description=_("chinese-calendar covers"))
    def library_coverage(self, obj: ScheduleYear) -> str:
        return _("%(first)d–%(last)d. A complete year entered here replaces the library's data for that year.") % {
            "first": LIBRARY_FIRST_YEAR, "last": LIBRARY_LAST_YEAR,
        }


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_working_day", "schedule"]
    list_filter = ["schedule", "is_working_day"]
    search_fields = ["name"]
    date_hierarchy = "date"
