from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjudicationConfig(AppConfig):
    name = "tousu.adjudication"
    label = "adjudication"
    verbose_name = _("Negotiation and adjudication")

    def ready(self):
        # The deadline sweep takes these structured steps for the system when their clock
        # runs out. (Imported here: models can only be imported once apps are ready.)
        from tousu.adjudication import feedback, fulfilment, negotiation, reported
        from tousu.sla.models import BreachAction
        from tousu.sla.sweep import handle_breach

        handle_breach(BreachAction.MERCHANT_AGREE, negotiation.deem_agreed)
        handle_breach(BreachAction.ACCEPT_OFFER, negotiation.accept_offer)
        handle_breach(BreachAction.CONFIRM_RECEIPT, fulfilment.confirm_receipt)
        handle_breach(BreachAction.CONFIRM_REFUND, reported.confirm_received)
        handle_breach(BreachAction.CONFIRM, feedback.deem_confirmed)
