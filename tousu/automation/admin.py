"""Rules are edited at the desk (``/desk/rules/``, through ``tousu.automation.actions``);
the admin only shows them and their firings."""

from django.contrib import admin

from tousu.automation.models import Rule, RuleRun
from tousu.readonly_admin import ReadOnly


@admin.register(Rule)
class RuleAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "order", "trigger", "team", "is_active", "updated_by", "updated_at")
    list_filter = ("is_active", "trigger")
    search_fields = ("name",)


@admin.register(RuleRun)
class RuleRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("at", "rule_name", "complaint", "trigger", "depth", "outcome")
    list_filter = ("outcome", "trigger")
    search_fields = ("rule_name", "complaint__number")
    raw_id_fields = ("complaint",)
