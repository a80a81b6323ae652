"""``{% clock_length "return_receipt" complaint as within %}``: how long a clock runs, in words.

From the complaint's live run, else its rule, else the setting (tousu.sla.figures); empty
when no policy runs the clock, so a template can leave the sentence out.
"""

from __future__ import annotations

from django import template

from tousu.sla.figures import clock_length as _clock_length

register = template.Library()


@register.simple_tag
def clock_length(clock: str, complaint=None) -> str:
    return _clock_length(clock, complaint) or ""
