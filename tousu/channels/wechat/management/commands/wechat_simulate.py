"""``tousu wechat_simulate``: chat with the WeChat endpoint as a WeChat user would.

    tousu wechat_simulate 投诉 1 "耳机左耳没有声音" …      # scripted, one argument per message
    tousu wechat_simulate                                # interactive: type messages, Ctrl-D ends
    tousu wechat_simulate --url http://127.0.0.1:8000/channels/wechat/   # a running server

Special messages: ``:follow``, ``:unfollow``, ``:photo``, and ``:click KEY`` for a menu button
(``:click TOUSU_STATUS``; the keys are in commands.py).
"""

import secrets
import sys

from django.core.management.base import BaseCommand

from tousu.channels.wechat import simulator
from tousu.channels.wechat.conf import config

SPECIAL = {":follow": "subscribe", ":unfollow": "unsubscribe", ":photo": "image"}


class Command(BaseCommand):
    help = (
        "Talk to the WeChat endpoint through the real signed (optionally encrypted) XML protocol."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "messages", nargs="*", help="Messages to send in order (default: read from stdin)."
        )
        parser.add_argument(
            "--openid", default="", help="The simulated user's openid (default: a new one)."
        )
        parser.add_argument(
            "--plain", action="store_true", help="Plaintext mode instead of safe mode (AES)."
        )
        parser.add_argument(
            "--url", default="", help="Endpoint of a running server (default: in-process)."
        )
        parser.add_argument("--xml", action="store_true", help="Also print the XML on the wire.")

    def handle(self, *args, messages, openid, plain, url, xml, **options):
        openid = openid or f"o-sim-{secrets.token_hex(6)}"
        send = simulator.http_sender(url) if url else simulator.in_process_sender()
        sim = simulator.Simulator(config(), encrypted=not plain, send=send)
        self.stdout.write(f"openid {openid}, {'plaintext' if plain else 'safe mode (AES)'}")
        lines = messages or (line.rstrip("\n") for line in sys.stdin)
        for line in lines:
            if not line.strip():
                continue
            action, text = SPECIAL.get(line.strip(), "text"), line.strip()
            if text.startswith(":click "):
                action, text = "click", text.removeprefix(":click ").strip()
            exchange = sim.send(openid, action, text)
            for entry in exchange.entries():
                prefix = {"user": "> ", "account": "< ", "sms": "[SMS] ", "error": "! "}[
                    entry["who"]
                ]
                self.stdout.write(prefix + entry["text"].replace("\n", "\n" + " " * len(prefix)))
                if xml and entry["xml"]:
                    self.stdout.write(entry["xml"])
