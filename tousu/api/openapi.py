"""The OpenAPI document declares every error an operation can answer, with the shared ``ErrorOut``.

Endpoints declare their own domain errors (404, 409, …) in their ``response=``; the errors
that come from the transport are added here for every operation they can happen to, so
a new endpoint is documented completely without repeating them:

* 401 ``not_authenticated`` on every operation that needs the bearer token;
* 400 ``malformed_json`` / ``bad_request`` and 413 ``request_too_large`` on every
  operation with a request body;
* 422 ``validation_failed`` on every operation that takes parameters or a body;

and every 429 an endpoint declares gets its ``Retry-After`` header. ninja keys the statuses an
endpoint declares by integer and ``openapi_extra`` by string; they are merged into one
string key each (JSON objects may not repeat a key: ``"422"`` must appear once).

Parameters get ``example`` instead of the list ninja copies from the field (OpenAPI's
parameter ``examples`` is a map). ``binary_download`` and ``response_header`` are ``openapi_extra`` for endpoints that answer a
file or send a header of their own.

``tests/api/test_schemathesis.py`` checks the document against what the API answers.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
DESCRIPTIONS = {
    "400": "The body cannot be read: not JSON, a lone surrogate in a string, or multipart without a boundary "
    "(`malformed_json`, `bad_request`)",
    "401": "No, wrong or expired bearer token (`not_authenticated`)",
    "413": "The body is larger than the server accepts (`request_too_large`)",
    "422": "A parameter or field is not valid (`validation_failed`, per-field messages in `fields`)",
}
METHODS = {"get", "post", "put", "patch", "delete"}
# Every 429 (sign-in throttling, the account's filing and urging limits) says when to retry.
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the request can be accepted",
        "required": True,
        "schema": {"type": "string", "pattern": "^[1-9][0-9]*$"},
    }
}


def binary_download(media_types: list[str], description: str) -> dict[str, Any]:
    """``openapi_extra`` of an endpoint answering a file (200) of one of ``media_types``."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {media_type: binary for media_type in media_types},
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=…",
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    }


def response_header(status: int, name: str, description: str) -> dict[str, Any]:
    """``openapi_extra`` declaring the header ``name`` on the ``status`` answer."""
    header = {"description": description, "required": True, "schema": {"type": "string"}}
    return {"responses": {str(status): {"headers": {name: header}}}}


def _merged(responses: dict[Any, Any]) -> dict[str, Any]:
    """One string key per status: what ninja keyed by int and openapi_extra by string, merged."""
    merged: dict[str, Any] = {}
    for status, response in sorted(responses.items(), key=lambda kv: isinstance(kv[0], str)):
        key = str(status)
        if key in merged:
            headers = {**merged[key].get("headers", {}), **response.get("headers", {})}
            merged[key] = {**merged[key], **response}
            if headers:
                merged[key]["headers"] = headers
        else:
            merged[key] = response
    return merged


def _also_error_out(response: dict[str, Any]) -> None:
    """A status the endpoint answers with its own body (an import's report) can also come
    from the transport: either shape."""
    media = response.get("content", {}).get("application/json")
    if media and media.get("schema") not in (ERROR_REF, None) and "anyOf" not in media["schema"]:
        media["schema"] = {"anyOf": [media["schema"], ERROR_REF]}


def _parameter_examples(operation: dict[str, Any]) -> None:
    """ninja copies a field's JSON Schema ``examples`` (a list) onto its parameter, where
    OpenAPI wants a map of Example objects: keep them in the schema, give the parameter ``example``."""
    for parameter in operation.get("parameters", []):
        examples = parameter.get("examples")
        if isinstance(examples, list):
            del parameter["examples"]
            if examples:
                parameter["example"] = examples[0]


def _statuses(operation: dict[str, Any]) -> list[str]:
    statuses = []
    if operation.get("security"):
        statuses.append("401")
    if "requestBody" in operation:
        statuses += ["400", "413"]
    if "requestBody" in operation or operation.get("parameters"):
        statuses.append("422")
    return statuses


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the transport errors each operation can answer, where the endpoint did not declare them."""
    for path in schema.get("paths", {}).values():
        for method, operation in path.items():
            if method not in METHODS:
                continue
            _parameter_examples(operation)
            responses = operation["responses"] = _merged(operation.get("responses", {}))
            if "429" in responses:
                responses["429"].setdefault("headers", RETRY_AFTER)
            for status in _statuses(operation):
                declared = responses.setdefault(
                    status,
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
                _also_error_out(declared)
    return schema


class DocumentedApi(NinjaAPI):
    """``NinjaAPI`` whose OpenAPI document lists every error status (``document_errors``)."""

    def get_openapi_operation_id(self, operation: Any) -> str:
        """``<module>_<view>`` without the package, e.g. ``consumer_steps_accept_offer``: what
        a generated client names its functions after (unique: the contract test checks)."""
        return super().get_openapi_operation_id(operation).removeprefix("tousu_api_")

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))
