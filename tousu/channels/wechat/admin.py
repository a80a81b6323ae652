from django.contrib import admin

from tousu.channels.wechat.models import Binding, Conversation


@admin.register(Binding)
class BindingAdmin(admin.ModelAdmin):
    """Deleting a binding unlinks the WeChat user; they bind again with phone and code."""

    list_display = ["openid", "user", "created_at"]
    search_fields = ["openid", "user__username", "user__phone"]
    readonly_fields = ["openid", "user", "created_at"]

    def has_add_permission(self, request):
        return False  # bindings are proved by SMS code, never typed in


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["openid", "state", "subscribed", "last_inbound_at", "expires_at"]
    list_filter = ["state", "subscribed"]
    search_fields = ["openid"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
