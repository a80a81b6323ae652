"""The words a WeChat user can type, the custom-menu keys that stand for them, the help text.

Commands are matched exactly (a description that contains 进度 is a description). A menu
button (CLICK event) carries one of the ``MENU_*`` keys as its EventKey; ``MENU_COMMANDS``
says which command it runs (menu.py creates the menu with these keys).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tousu.channels.wechat.models import State

START = {"投诉", "客服", "售后", "complain"}
STATUS = {"进度", "查询", "status"}
URGE = {"催办", "urge"}
HUMAN = {"人工", "human"}
CALLBACK = {"回电", "callback"}
CANCEL = {"取消", "退出", "cancel"}
SUBMIT = {"提交", "submit"}
HELP = {"帮助", "help", "?", "？", "菜单"}
NEXT_PAGE = {"下一页", "下页", "next"}
PREVIOUS_PAGE = {"上一页", "上页", "previous"}
# Typed word → the command it runs (Dialogue._do_<command>).
TYPED_COMMANDS = [
    (START, "start"),
    (STATUS, "status"),
    (URGE, "urge"),
    (HUMAN, "human"),
    (CALLBACK, "callback"),
]

# Custom-menu CLICK keys (at most 128 bytes each, WeChat's limit), and what they run.
MENU_COMPLAIN = "TOUSU_COMPLAIN"
MENU_STATUS = "TOUSU_STATUS"
MENU_HUMAN = "TOUSU_HUMAN"
MENU_COMMANDS = {MENU_COMPLAIN: "start", MENU_STATUS: "status", MENU_HUMAN: "human"}

DRAFTING = {
    State.ORDER,
    State.LINES,
    State.DUPLICATE,
    State.DESCRIBE,
    State.CATEGORY,
    State.DEMAND,
    State.AMOUNT,
    State.PHOTOS,
}
MAX_PHOTOS = 9
LIST_SIZE = 5  # lines of a numbered list (orders, complaints to pick: one page)


def typed_command(word: str) -> str | None:
    """The command a typed word runs, if it is one."""
    return next((name for words, name in TYPED_COMMANDS if word in words), None)


def help_text() -> str:
    return _(
        "You can reply:\n"
        "投诉 — file a complaint (also 客服 or 售后)\n"
        "进度 — the status of your complaints\n"
        "催办 — urge an open complaint\n"
        "人工 — talk to customer service\n"
        "回电 — ask the hotline to call you back\n"
        "取消 — stop what you are doing"
    )


def not_understood() -> str:
    return _("Sorry, we did not understand that.") + "\n" + help_text()


def numbered(question: str, choices) -> str:
    return "\n".join(
        [question] + [f"{i}. {label}" for i, (_value, label) in enumerate(choices, start=1)]
    )


def pick_choice(text: str, choices) -> str | None:
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1][0]
    return None
