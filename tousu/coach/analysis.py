"""The writing coach: advice on a complaint's text while the consumer writes it.

``analyse`` is pure (no database, no request): channels pass what the consumer has
entered so far and show the findings. It advises and never blocks submission.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.coach import lexicons, segment
from tousu.complaints.choices import AMOUNT_DEMANDS, SERVICE_CATEGORIES, Category, Demand

ADVICE = "advice"
WARNING = "warning"

# Longer than this reads as a wall of text on a phone; agents skim the first sentence.
TOO_LONG_CHARS = 400
LONG_OPENING_CHARS = 80

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_ORDER_NUMBER = re.compile(r"\d{8,}")
_DATE = re.compile(
    r"\d{2,4}\s*[年/.\-]\s*\d{1,2}"  # 2026年11月, 2026-11-03, 11/03
    r"|\d{1,2}\s*月\s*\d{1,2}"  # 11月3日
    r"|\d{1,2}\s*[日号]"  # 3号
    r"|[今昨前]天|上周|上个?月|上星期|周[一二三四五六日天]|星期[一二三四五六日天]|[一二三四五六七八九十两\d]+天前"
)
_MONEY = re.compile(r"[¥￥]\s*\d|\d+(?:\.\d+)?\s*(?:元|块|rmb|RMB)")
_DEMAND_WORDS = re.compile(r"要求|希望|请|退款|退货|换货|赔偿|补发|维修|道歉")

# Categories where "what the page promised vs what arrived" is the heart of the case.
_PROMISE_CATEGORIES = {
    Category.QUALITY,
    Category.NOT_AS_DESCRIBED,
    Category.COUNTERFEIT,
    Category.WRONG_OR_MISSING,
    Category.PRICING,
}
# Categories where the amount paid is itself a fact of the case.
_AMOUNT_CATEGORIES = {Category.PRICING, Category.REFUND}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # ADVICE or WARNING
    message: str
    suggestion: str
    words: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        data = asdict(self)
        data["words"] = list(self.words)
        return data


def evidence_for(category: str) -> str:
    """Which evidence fits a category, as a phrase for the suggestion."""
    table = {
        Category.QUALITY: _(
            "photos or a short video of the defect, and the chat logs with the shop"
        ),
        Category.NOT_AS_DESCRIBED: _(
            "a screenshot of the product page and photos of what you received"
        ),
        Category.COUNTERFEIT: _(
            "an inspection certificate or appraisal report, photos of labels and serial numbers, and a screenshot of the product page"
        ),
        Category.WRONG_OR_MISSING: _(
            "photos of the parcel, its contents and the packing slip, and a logistics screenshot showing the weight"
        ),
        Category.DELIVERY: _("logistics screenshots showing the tracking history"),
        Category.REFUND: _("screenshots of the refund request and of the chat logs with the shop"),
        Category.FOOD_SAFETY: _(
            "photos of the food, its packaging and best-before date, and an inspection report or medical record if you have one"
        ),
        **dict.fromkeys(SERVICE_CATEGORIES, _("chat logs or call records with customer service")),
        Category.PRICING: _("screenshots of the promised price or promotion and of the order page"),
    }
    return str(table.get(category, _("chat logs and screenshots of what went wrong")))


def _matches(words: list[str], lexicon: str) -> tuple[str, ...]:
    wanted = lexicons.load(lexicon)
    found: list[str] = []
    for word in words:
        if word in wanted and word not in found:
            found.append(word)
    return tuple(found)


def _quote(words: tuple[str, ...]) -> str:
    return "、".join(f"“{w}”" for w in words)


def analyse(
    text: str,
    *,
    category: str = "",
    demand: str = "",
    amount_fen: int | None = None,
    order_number: str = "",
    evidence_count: int = 0,
) -> list[Finding]:
    """Findings about a complaint being written, most important first within each kind."""
    text = (text or "").strip()
    findings: list[Finding] = []
    if not text:
        findings.append(
            Finding(
                "empty",
                WARNING,
                _("You have not described what happened yet."),
                _("Start with one sentence: what you bought, when, and what went wrong."),
            )
        )
    else:
        findings += _text_findings(text, category, amount_fen, order_number)
    findings += _demand_findings(text, demand, amount_fen)
    if evidence_count <= 0:
        findings.append(
            Finding(
                "no_evidence",
                WARNING,
                _("No evidence is attached. A complaint without evidence is hard to decide."),
                _("Attach %(evidence)s.") % {"evidence": evidence_for(category)},
            )
        )
    return findings


def _text_findings(
    text: str, category: str, amount_fen: int | None, order_number: str
) -> list[Finding]:
    findings: list[Finding] = []
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    opening = sentences[0].strip() if sentences else text
    if len(text) > TOO_LONG_CHARS or len(opening) > LONG_OPENING_CHARS:
        findings.append(
            Finding(
                "too_long",
                ADVICE,
                _(
                    "The description is long (%(count)s characters) and the main point is hard to find."
                )
                % {"count": len(text)}
                if len(text) > TOO_LONG_CHARS
                else _("The first sentence is long; the main point is hard to find."),
                _(
                    "Lead with one sentence of what happened, e.g. “The earphones I received on 3 November have no sound "
                    "in the left ear.” Then add the details, one fact per sentence."
                ),
            )
        )

    words = segment.words(text)
    if (
        not order_number.strip()
        and not _ORDER_NUMBER.search(text)
        and category not in SERVICE_CATEGORIES
    ):
        findings.append(
            Finding(
                "missing_order_number",
                ADVICE,
                _("The order number is missing."),
                _(
                    "Add the order number (我的订单 → order details) so the shop can find the purchase at once."
                ),
            )
        )
    if not _DATE.search(text):
        findings.append(
            Finding(
                "missing_date",
                ADVICE,
                _("No date is given."),
                _(
                    "Say when it happened: when you paid, received the goods or contacted the shop, e.g. “11月3日”."
                ),
            )
        )
    if category in _PROMISE_CATEGORIES and not (
        _matches(words, "promised") and _matches(words, "received")
    ):
        findings.append(
            Finding(
                "missing_promise_vs_received",
                ADVICE,
                _("It is not clear what was promised and what you received."),
                _(
                    "Put the two side by side, e.g. “The page says genuine leather; what I received is synthetic.”"
                ),
            )
        )
    if category in _AMOUNT_CATEGORIES and amount_fen is None and not _MONEY.search(text):
        findings.append(
            Finding(
                "missing_amount",
                ADVICE,
                _("The amount is not mentioned."),
                _(
                    "Say how much you paid and how much is in dispute, e.g. “paid 299 yuan, refund refused”."
                ),
            )
        )

    for lexicon, code, severity, message, suggestion in _WORDING:
        found = _matches(words, lexicon)
        if found:
            findings.append(
                Finding(
                    code, severity, str(message) % {"words": _quote(found)}, str(suggestion), found
                )
            )
    return findings


# Wording found through a lexicon: (lexicon file, code, severity, message, suggestion).
_WORDING = [
    (
        "exaggeration",
        "exaggeration",
        ADVICE,
        gettext_lazy("Words like %(words)s sound exaggerated or too absolute."),
        gettext_lazy(
            "Describe exactly what happened instead: how many times, which item, which day. "
            "Plain facts convince the person who decides."
        ),
    ),
    (
        "insults",
        "insult",
        WARNING,
        gettext_lazy("Insulting words (%(words)s) make the complaint harder to handle."),
        gettext_lazy(
            "Use neutral wording that describes the behaviour, e.g. “customer service did not reply for three "
            "days” instead of an insult."
        ),
    ),
    (
        "threats",
        "threat",
        WARNING,
        gettext_lazy("Wording like %(words)s can read as a threat."),
        gettext_lazy(
            "State what you will do through proper channels instead, e.g. “if this is not solved I will "
            "complain to 12315”."
        ),
    ),
]


def _demand_findings(text: str, demand: str, amount_fen: int | None) -> list[Finding]:
    if not demand or (demand == Demand.OTHER and not _DEMAND_WORDS.search(text)):
        return [
            Finding(
                "no_demand",
                WARNING,
                _("You have not said what you want."),
                _(
                    "Choose or write one clear demand: refund, return, exchange, repair, compensation or an apology."
                ),
            )
        ]
    if demand in AMOUNT_DEMANDS and not amount_fen:
        return [
            Finding(
                "no_amount",
                WARNING,
                _("You ask for money but have not said how much."),
                _("Enter the amount in yuan, e.g. what you paid for a refund."),
            )
        ]
    return []
