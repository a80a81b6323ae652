"""What happens next, in plain words, for each status and side."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tousu.complaints.workflow import Status

S = Status

FOR_CONSUMER = {
    S.RECEIVED: _("We have received your complaint. Customer service will register it shortly."),
    S.ACKNOWLEDGED: _(
        "Your complaint is registered. We will ask the merchant to respond or review it ourselves; "
        "every step appears in the progress below."
    ),
    S.WAITING_MERCHANT: _(
        "The merchant has been asked to respond. If they stay silent past the deadline, "
        "the platform steps in automatically."
    ),
    S.MERCHANT_AGREED: _(
        "The merchant agreed to your demand. Accept to start the refund, return or exchange."
    ),
    S.MERCHANT_OFFERED: _(
        "The merchant offered an alternative. Accept it, or ask the platform to intervene."
    ),
    S.MERCHANT_REJECTED: _(
        "The merchant rejected your demand. You can ask the platform to intervene; "
        "add evidence so customer service can weigh both sides."
    ),
    S.INTERVENTION: _(
        "Platform customer service is reviewing the evidence of both sides and will decide."
    ),
    S.WAITING_EVIDENCE: _(
        "Customer service needs more evidence. Please add photos, chat screenshots or documents below."
    ),
    S.DECIDED: _("Customer service has decided. The decision is shown in the progress below."),
    S.FULFILMENT: _("The solution is being carried out (refund, return or exchange)."),
    S.REFUND_REPORTED: _(
        "The merchant reports the refund paid. Check your account and confirm it arrived, or "
        "tell us it has not: customer service then checks it."
    ),
    S.WAITING_CONFIRMATION: _(
        "The merchant reports it is done. Please confirm once your problem is solved."
    ),
    S.CLOSED: _("This complaint is closed. If the problem comes back soon, you can reopen it."),
    S.NOT_ACCEPTED: _(
        "This complaint was not accepted; the reason is shown in the progress below. "
        "You can still turn to the 12315 consumer hotline."
    ),
    S.WITHDRAWN: _("You withdrew this complaint."),
    S.ESCALATED: _("This complaint is being handled outside the platform (for example by 12315)."),
}

FOR_MERCHANT = {
    S.RECEIVED: _(
        "Customer service is registering this complaint. You can already reply or add evidence."
    ),
    S.ACKNOWLEDGED: _(
        "Customer service is reviewing this complaint and may ask you to respond. "
        "You can already reply or add evidence."
    ),
    S.WAITING_MERCHANT: _(
        "Please respond: agree to the demand, offer an alternative or reject it with a reason. "
        "Silence past the deadline counts as agreement."
    ),
    S.MERCHANT_AGREED: _("You agreed. Start fulfilment once you are ready."),
    S.MERCHANT_OFFERED: _(
        "Waiting for the consumer to accept your offer or ask the platform to intervene."
    ),
    S.MERCHANT_REJECTED: _("Waiting for the consumer; they may ask the platform to intervene."),
    S.INTERVENTION: _("Platform customer service is reviewing both sides. Add your evidence now."),
    S.WAITING_EVIDENCE: _("Customer service asked for more evidence. Add it below."),
    S.FULFILMENT: _("Carry out the agreed solution, then mark it as fulfilled."),
    S.REFUND_REPORTED: _(
        "Waiting for the consumer to confirm your refund arrived. Keep your proof of payment."
    ),
    S.DECIDED: _("Customer service has decided; see the progress. Carry out the decision."),
    S.WAITING_CONFIRMATION: _("Waiting for the consumer to confirm the problem is solved."),
    S.CLOSED: _("This complaint is closed."),
    S.NOT_ACCEPTED: _("The platform did not accept this complaint; nothing to do."),
    S.WITHDRAWN: _("The consumer withdrew this complaint; nothing to do."),
    S.ESCALATED: _("This complaint is being handled outside the platform (for example by 12315)."),
}


def next_step(status: str, *, merchant: bool = False) -> str:
    return str((FOR_MERCHANT if merchant else FOR_CONSUMER).get(status, ""))
