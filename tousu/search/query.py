"""What the searcher typed, read into words and phone numbers.

Whitespace separates terms. A term that is a valid phone number (``tousu.accounts.phones``:
mobile or fixed line, spaces and dashes inside the number must be left out) is matched
against the consumer's stored E.164 number, whole and exactly; every other term is cut
into index tokens (``tousu.search.tokens``) that must all occur in a complaint, in any
order and at any distance. Nothing the searcher types is query syntax: quotes, stars,
colons and brackets are plain characters, dropped with the rest of the punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tousu.accounts import phones
from tousu.search import tokens


class QueryTooLong(ValueError):
    def message(self) -> str:
        return str(
            _("Please search with at most %(n)s characters.")
            % {"n": settings.TOUSU_SEARCH_MAX_QUERY_CHARS}
        )


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]  # tokens in the order typed (for the phrase bonus and highlighting)
    phones: tuple[str, ...]  # E.164

    @property
    def distinct_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.words))

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phones


def _phone(term: str) -> str | None:
    digits = sum(ch.isdigit() for ch in term)
    if digits < 7 or not all(ch.isdigit() or ch in "+-()" for ch in term):
        return None
    return phones.try_normalise(term)


def parse(raw: str) -> Query:
    """The query in ``raw``; ``QueryTooLong`` beyond ``TOUSU_SEARCH_MAX_QUERY_CHARS``."""
    text = " ".join(tokens.clean(raw or "").split())
    if len(text) > settings.TOUSU_SEARCH_MAX_QUERY_CHARS:
        raise QueryTooLong(text)
    words: list[str] = []
    found: list[str] = []
    for term in text.split():
        e164 = _phone(term)
        if e164:
            found.append(e164)
        else:
            words += tokens.words(term)
    return Query(text=text, words=tuple(words), phones=tuple(dict.fromkeys(found)))
