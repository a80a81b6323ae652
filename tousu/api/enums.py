"""Choice fields in the OpenAPI document: their allowed values as ``enum``, with their labels.

``choice(Kind)`` is a type for a schema field: the value must be one of the choices'
values (requests answer ``422 validation_failed`` otherwise), and the document lists them
as ``enum`` with each value's label in the description and in ``x-enum-labels`` (English)
and ``x-enum-labels-zh`` (Simplified Chinese), so a generated client can name its members.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext_lazy
from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema as cs

_NOT_CHOSEN = gettext_lazy("Not chosen yet")


class _Labels:
    """Adds the labels of ``choices`` to the JSON schema of the enum it annotates."""

    def __init__(self, choices: type[Choices], blank: bool = False):
        self.choices = choices
        self.blank = blank

    def labels(self, language: str) -> dict[str, str]:
        with translation.override(language):
            labels = {str(v): str(label) for v, label in self.choices.choices if v != ""}
            return {"": str(_NOT_CHOSEN), **labels} if self.blank else labels

    def __get_pydantic_json_schema__(
        self, schema: cs.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        english = self.labels("en")
        json_schema["x-enum-labels"] = english
        json_schema["x-enum-labels-zh"] = self.labels("zh-hans")
        listed = "; ".join(f"`{value}`: {label}" for value, label in english.items())
        json_schema.setdefault("description", f"One of: {listed}")
        return json_schema


def choice(choices: type[Choices], *, blank: bool = False) -> Any:
    """A field type accepting exactly the values of ``choices`` (and "" with ``blank``: not
    chosen yet), documented with their labels."""
    known = tuple(value for value in choices.values if value != "")  # "" is sent as null
    values = ("", *known) if blank else known
    return Annotated[Literal[values], _Labels(choices, blank)]  # type: ignore[valid-type]
