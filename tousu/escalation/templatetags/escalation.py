from django import template

from tousu.escalation import guide

register = template.Library()


@register.inclusion_tag("escalation/_card.html")
def escalation_card(complaint):
    """On the consumer's complaint page: a pointer to the guide when the platform failed them."""
    return {
        "complaint": complaint,
        "reason": guide.reason(complaint),
        "recorded": guide.recorded(complaint),
    }
