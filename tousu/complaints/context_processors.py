"""``may`` in every template: the answers of ``tousu.complaints.access`` for the user.

``{% if may.use_desk %}`` is ``access.may_use_desk(user)``, ``{% if may.supervise %}``
``access.may_supervise(user)``; templates never look at ``user.role``. Each answer is
worked out when a template asks for it, from the user already loaded (no query).
"""

from __future__ import annotations

from django.http import HttpRequest

from tousu.complaints import access


class Answers:
    def __init__(self, user) -> None:
        self._user = user

    def __getitem__(self, name: str) -> bool:
        question = access.QUESTIONS.get(f"may_{name}") or access.QUESTIONS.get(name)
        if question is None:
            raise KeyError(name)
        return question(self._user)


def permissions(request: HttpRequest) -> dict:
    return {"may": Answers(getattr(request, "user", None))}
