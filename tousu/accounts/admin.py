from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from tousu.accounts.models import PhoneReveal, User
from tousu.readonly_admin import ReadOnly


@admin.register(PhoneReveal)
class PhoneRevealAdmin(ReadOnly, admin.ModelAdmin):
    """The access log of full phone numbers: read only."""

    list_display = ["at", "viewer", "subject", "complaint", "where", "reason"]
    list_filter = ["where"]
    search_fields = ["viewer__username", "subject__username"]
    readonly_fields = ["at", "viewer", "subject", "complaint", "where", "reason"]


@admin.register(User)
class TousuUserAdmin(UserAdmin):
    """Every account, whatever its role. Accounts are switched off, never deleted: complaints,
    timelines and logs keep pointing at them."""

    list_display = ["username", "display_name", "role", "phone", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "display_name", "phone", "email"]
    ordering = ["username"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["display_name", "phone", "email", "first_name", "last_name"]}),
        (_("Role"), {"fields": ["role", "is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "role", "display_name", "phone"]})
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request, obj=None):
        return False
