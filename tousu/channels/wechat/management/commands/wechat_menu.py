"""``tousu wechat_menu``: create the official account's custom menu (我要投诉 / 查进度 / 人工客服).

    tousu wechat_menu            # replace the account's menu through the menu API
    tousu wechat_menu --dry-run  # print the menu JSON only

Needs ``TOUSU_WECHAT_APPID`` and ``TOUSU_WECHAT_SECRET``; see docs/channels/wechat.md.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from tousu.channels.wechat import menu
from tousu.channels.wechat.client import WeChatApiError
from tousu.channels.wechat.conf import config


class Command(BaseCommand):
    help = "Create the WeChat official account's custom menu through the menu API."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the menu JSON; call nothing."
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            self.stdout.write(json.dumps(menu.definition(), ensure_ascii=False, indent=2))
            return
        if not config().can_call_api:
            raise CommandError(
                "TOUSU_WECHAT_APPID and TOUSU_WECHAT_SECRET must be set to create the menu."
            )
        try:
            sent = menu.create()
        except WeChatApiError as error:
            raise CommandError(f"WeChat refused the menu: {error}") from error
        except OSError as error:  # network: DNS, refused connection, timeout
            raise CommandError(f"Could not reach the WeChat API: {error}") from error
        names = " / ".join(button["name"] for button in sent["button"])
        self.stdout.write(self.style.SUCCESS(f"Menu created: {names}"))
