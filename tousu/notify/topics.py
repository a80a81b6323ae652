"""What each notification says. Rendered at delivery time, in the platform language."""

from django.utils.translation import gettext as _

def _speaker(context: dict) -> str:
    role = context.get("who_role")
    if role == "merchant":
        return context["shop"]
    if role == "consumer":
        return _("Consumer")
    return _("Platform customer service")


TOPICS = {
    "acknowledged": (
        lambda c: _("Complaint %(number)s received") % c,
        lambda c: _("We have registered your complaint %(number)s. We will ask the merchant to respond "
                    "or review it ourselves, and tell you about every step.") % c,
    ),
    "merchant_asked": (
        lambda c: _("Please respond to complaint %(number)s") % c,
        lambda c: _("A consumer complained about an order of %(shop)s (%(number)s). "
                    "Please respond in the merchant center before the deadline.") % c,
    ),
    "merchant_answered": (
        lambda c: _("The merchant answered complaint %(number)s") % c,
        lambda c: _("%(shop)s has answered: %(status)s. Open the complaint to accept "
                    "or to ask the platform to intervene.") % c,
    ),
    "reply": (
        lambda c: _("New message on complaint %(number)s") % c,
        lambda c: _("%(who)s wrote: %(excerpt)s") % {**c, "who": _speaker(c)},
    ),
    "status": (
        lambda c: _("Complaint %(number)s: %(status)s") % c,
        lambda c: _("Your complaint %(number)s is now: %(status)s.") % c,
    ),
}


def render(topic: str, context: dict) -> tuple[str, str]:
    title, body = TOPICS[topic]
    return title(context), body(context)
