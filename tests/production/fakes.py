"""A payment adapter and an SMS provider that are not the demo ones (for the checks)."""

from tousu.notify.adapters import LoggingSmsProvider, SmsProvider
from tousu.payments.adapters import DemoAdapter, PaymentAdapter


class Gateway(PaymentAdapter):
    pass


class Sms(SmsProvider):
    pass


class ChattySms(LoggingSmsProvider):
    """Still only logs: a subclass of the demo provider is refused like it."""


class DemoGateway(DemoAdapter):
    pass
