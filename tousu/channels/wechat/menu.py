"""The official account's custom menu: three buttons that send CLICK events.

我要投诉 / 查进度 / 人工客服 carry the keys ``commands.MENU_*``; the dialogue runs the same
command as typing 投诉, 进度 or 人工 (``commands.MENU_COMMANDS``). ``tousu wechat_menu``
creates the menu through the menu API (it replaces the account's current menu; WeChat
shows it to followers within minutes).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from tousu.channels.wechat.client import Client, get_client
from tousu.channels.wechat.commands import MENU_COMPLAIN, MENU_HUMAN, MENU_STATUS

# WeChat's limit on a first-level button's name.
MAX_NAME_BYTES = 16


def definition() -> dict:
    """The menu as the API takes it, labelled in the platform language."""
    with translation.override(settings.LANGUAGE_CODE):
        buttons = [
            (pgettext("wechat menu", "File a complaint"), MENU_COMPLAIN),
            (pgettext("wechat menu", "Progress"), MENU_STATUS),
            (pgettext("wechat menu", "Customer service"), MENU_HUMAN),
        ]
    return {"button": [{"type": "click", "name": name, "key": key} for name, key in buttons]}


def create(client: Client | None = None) -> dict:
    """Create the menu on the account; the definition sent. WeChatApiError on refusal."""
    menu = definition()
    (client or get_client()).create_menu(menu)
    return menu
