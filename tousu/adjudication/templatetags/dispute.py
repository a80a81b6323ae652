from django import template

register = template.Library()


@register.filter
def attr_true(obj, name: str) -> bool:
    """Whether ``obj.<name>`` is truthy (the calculator's flags)."""
    return bool(getattr(obj, name, False))
