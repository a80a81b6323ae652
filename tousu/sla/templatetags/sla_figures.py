"""``{% clock_length "return_receipt" complaint as within %}``: how long a clock runs, in words.
``{{ deadline.duration|duration_words }}``: a duration for staff, its unit named exactly.

From the complaint's live run, else its rule, else the setting (tousu.sla.figures); empty
when no policy runs the clock, so a template can leave the sentence out.
"""

from __future__ import annotations

from django import template

from tousu.sla.figures import clock_length as _clock_length
from tousu.sla.figures import exact_words

register = template.Library()


@register.simple_tag
def clock_length(clock: str, complaint=None) -> str:
    return _clock_length(clock, complaint) or ""


@register.filter
def duration_words(duration: str) -> str:
    return exact_words(duration)
