"""The public incident notice on the consumer's complaint and order pages:
"同一商品已有 N 人投诉 — 我也遇到了". It tells a count, never whose complaints."""

from django import template

from tousu.complaints.access import is_consumer_of
from tousu.incidents.queries import notice_for

register = template.Library()


@register.inclusion_tag("portal/_incident_notice.html", takes_context=True)
def incident_notice(context, complaint=None, order=None) -> dict:
    user = context["request"].user
    if complaint is not None and not is_consumer_of(user, complaint):
        return {"notice": None}  # the merchant's view of the page: no notice
    return {"notice": notice_for(complaint, order), "csrf_token": context.get("csrf_token")}
