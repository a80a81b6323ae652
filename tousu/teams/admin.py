from django.contrib import admin

from tousu.readonly_admin import ReadOnly
from tousu.teams.models import Team


@admin.register(Team)
class TeamAdmin(ReadOnly, admin.ModelAdmin):
    """Shown here; created and changed on the desk's team page (tousu.teams.actions)."""

    list_display = ["name", "description", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
