from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.utils.translation import gettext_lazy as _

from tousu.channels.phone.models import Callback, CallbackAttempt, Hotline
from tousu.sla.models import WorkCalendar


class HotlineForm(ModelForm):
    class Meta:
        model = Hotline
        fields = ["name", "audience", "number", "calendar", "active", "rank"]

    def clean_calendar(self):
        name = self.cleaned_data["calendar"]
        if not WorkCalendar.objects.filter(name=name).exists():
            raise ValidationError(_("No working-time calendar has this name."))
        return name


@admin.register(Hotline)
class HotlineAdmin(admin.ModelAdmin):
    form = HotlineForm
    list_display = ["name", "audience", "number", "calendar", "active", "rank"]
    list_editable = ["active", "rank"]


class AttemptInline(admin.TabularInline):
    model = CallbackAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["agent", "outcome", "note", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Callback)
class CallbackAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "consumer",
        "hotline",
        "state",
        "requested_at",
        "due_at",
        "attempts",
        "breached_at",
    ]
    list_filter = ["state", "hotline"]
    readonly_fields = [f.name for f in Callback._meta.fields]
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False
