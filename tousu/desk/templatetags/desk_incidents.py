"""The workbench's badge: this complaint is part of an incident (link to it)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tousu.incidents.queries import of_complaint

register = template.Library()


@register.simple_tag
def incident_badge(complaint) -> str:
    incident = of_complaint(complaint)
    if incident is None:
        return ""
    return format_html(
        ' <a class="badge incident" href="{}" data-incident>{}</a>',
        reverse("desk:incident", args=[incident.pk]),
        _("Incident: %(title)s") % {"title": incident.title},
    )
