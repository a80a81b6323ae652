"""Subscriptions and the delivery log in /admin/: add (the secret is shown once), turn on or
off, rotate the secret, redeliver. Every write goes through ``tousu.webhooks.actions``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import csrf_protect_m
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tousu.complaints.errors import ComplaintError, ValidationFailed
from tousu.webhooks import actions
from tousu.webhooks.models import Attempt, Delivery, EventType, Subscription


class SubscriptionForm(forms.ModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("event types"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )
    shop = forms.CharField(
        label=_("shop ID"),
        required=False,
        help_text=_(
            "The shop's ID in the order system. Required for merchant staff (one of their "
            "shops); empty for platform staff: every shop."
        ),
    )

    class Meta:
        model = Subscription
        fields = ["owner", "url", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["owner"].disabled = True
            self.initial["event_types"] = self.instance.event_types
            self.initial["shop"] = (
                self.instance.merchant.external_id if self.instance.merchant_id else ""
            )

    def wanted(self) -> actions.Wanted:
        data = self.cleaned_data
        return actions.Wanted(
            url=data["url"],
            event_types=tuple(data["event_types"]),
            shop=data.get("shop") or "",
            description=data.get("description") or "",
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            if self.instance.pk:
                self.saved = actions.update_subscription(self.instance, self.wanted())
            else:
                self.saved, self.secret = actions.create_subscription(
                    cleaned["owner"], self.wanted()
                )
        except ValidationFailed as failed:
            raise ValidationError(
                {
                    name if name in self.fields else None: text
                    for name, text in failed.errors.items()
                }
            ) from None
        except ComplaintError as refused:
            raise ValidationError(refused.text()) from None
        return cleaned

    def save(self, commit=True):
        return self.saved  # written by clean(), through the actions


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "status_code", "error", "response_excerpt"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = [
        "id",
        "owner",
        "merchant",
        "url",
        "active",
        "consecutive_failures",
        "disabled_at",
        "created_at",
    ]
    list_filter = ["active"]
    search_fields = ["url", "owner__username", "merchant__shop_name", "merchant__external_id"]
    actions = ["turn_on", "turn_off", "rotate_secret"]
    raw_id_fields = ["owner"]

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Not inside one transaction as the admin does by default: checking the URL resolves
        # its host name (a network call); the actions open their own short transactions.
        return self._changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        pass  # nothing related to save: the actions wrote everything

    def save_model(self, request, obj, form, change):
        # The form's clean() wrote it through the actions; the secret is shown this once.
        if not change:
            self.message_user(
                request,
                _("Signing secret (shown only now, copy it to the receiver): %(secret)s")
                % {"secret": form.secret},
                messages.WARNING,
            )

    @admin.action(description=_("Turn the selected subscriptions on (the URL is checked again)"))
    def turn_on(self, request, queryset):
        done = 0
        for subscription in queryset:
            try:
                actions.turn_on(subscription)
                done += 1
            except ValidationFailed as failed:
                self.message_user(request, f"{subscription.url}: {failed.text()}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(n)d subscription turned on.", "%(n)d subscriptions turned on.", done)
            % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Turn the selected subscriptions off"))
    def turn_off(self, request, queryset):
        for subscription in queryset:
            actions.turn_off(subscription)
        self.message_user(request, _("Turned off."), messages.SUCCESS)

    @admin.action(description=_("Rotate the signing secret (shown once)"))
    def rotate_secret(self, request, queryset):
        for subscription in queryset:
            secret = actions.rotate_secret(subscription)
            self.message_user(
                request,
                _("New signing secret of %(url)s (shown only now): %(secret)s")
                % {"url": subscription.url, "secret": secret},
                messages.WARNING,
            )

    def delete_model(self, request, obj):
        actions.delete_subscription(obj)

    def delete_queryset(self, request, queryset):
        for subscription in queryset:
            actions.delete_subscription(subscription)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "subscription",
        "event_type",
        "complaint",
        "state",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["state", "change__event_type"]
    search_fields = ["subscription__url", "change__complaint__number"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    list_select_related = ["subscription", "change__complaint"]
    inlines = [AttemptInline]
    actions = ["redeliver"]

    @admin.display(description=_("event type"))
    def event_type(self, delivery):
        return delivery.change.event_type

    @admin.display(description=_("complaint"))
    def complaint(self, delivery):
        return delivery.change.complaint.number

    @admin.action(description=_("Redeliver the selected deliveries"))
    def redeliver(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                actions.redeliver(delivery)
                done += 1
            except ComplaintError as refused:
                self.message_user(request, f"{delivery.pk}: {refused.text()}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(n)d delivery queued again.", "%(n)d deliveries queued again.", done)
            % {"n": done},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False
