"""Delivery sinks for bench/soak.py: an SMS gateway and a mail server that count exactly.

The soak's ``tousu worker`` processes load these through the ordinary settings
(``TOUSU_SMS_PROVIDER=bench.soak_sink.FileSmsProvider``,
``TOUSU_EMAIL_BACKEND=bench.soak_sink.FileEmailBackend``, with the repository on
``PYTHONPATH``). Every message handed over becomes one line appended to the file named
by ``SOAK_SINK``, written with a single ``write`` on an ``O_APPEND`` descriptor, so lines
from several processes never interleave and a line, once written, survives the
process being killed. The line is written when the "gateway" accepts the message, i.e.
at the end of the call, as a real gateway's 200 would be.

Line format (tab-separated): medium, message id, recipient, pid, unix time.
"""

from __future__ import annotations

import os
import time

from django.core.mail.backends.base import BaseEmailBackend

from tousu.notify.adapters import SmsProvider


def _append(medium: str, message_id: str, recipient: str) -> None:
    line = f"{medium}\t{message_id}\t{recipient}\t{os.getpid()}\t{time.time():.6f}\n"
    fd = os.open(os.environ["SOAK_SINK"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


class FileSmsProvider(SmsProvider):
    """Accepts every SMS after ``SOAK_SMS_LATENCY_MS`` (default 0) and records its id."""

    def send(self, phone: str, template, params, message_id: str) -> None:
        latency = int(os.environ.get("SOAK_SMS_LATENCY_MS", "0"))
        if latency:
            time.sleep(latency / 1000)
        _append("sms", message_id, phone)


class FileEmailBackend(BaseEmailBackend):
    """Records each e-mail as recipient and subject (e-mail carries no outbox id)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            _append("email", message.subject.replace("\t", " "), ",".join(message.to))
        return len(email_messages)
