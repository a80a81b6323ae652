"""The OpenAPI document is one a client generator can trust: choice fields are enums with
their labels, constraints are stated, headers and file downloads are declared, each status
appears once per operation, an object has one schema wherever it appears, and error
``fields`` use the request's own field names."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import ApiClient
from tests.steps import take
from tousu.adjudication import negotiation
from tousu.complaints.choices import Category, Channel, Demand, Kind
from tousu.complaints.workflow import Status

# Property names that are choices wherever they appear in a schema.
CHOICE_NAMES = {
    "kind",
    "category",
    "demand",
    "status",
    "channel",
    "remedy",
    "priority",
    "outcome",
    "answer",
    "reply",
    "role",
    "media_type",
    "shipping_paid_by",
    "clock",
    "event_type",
    "event_types",
    "type",
    "state",
    "who",
}
# Where one of those names is not a choice, and why.
NOT_CHOICES = {
    ("EntryOut", "channel"),  # the channel's label, in the caller's language
    ("EntryOut", "who"),  # a name: "You", the shop's name, "Platform customer service"
    ("ReplyOut", "role"),  # the role recorded on the event, as stored
}
# One schema per object, wherever it appears.
OBJECTS = {
    "merchant": "ShopOut",
    "item": "OrderItemOut",
    "evidence": "EvidenceOut",
    "deadline": "DeadlineOut",
    "deadlines": "DeadlineOut",
    "refund_deadline": "DeadlineOut",
    "consumer": "ConsumerOut",
    "assignee": "StaffMemberOut",
}


def _no_duplicates(pairs):
    keys = [key for key, _ in pairs]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates, duplicates
    return dict(pairs)


@pytest.fixture
def document(db):
    raw = ApiClient().get("/api/openapi.json").content
    return json.loads(raw, object_pairs_hook=_no_duplicates)


def _enum_of(schema: dict) -> dict | None:
    """The schema that carries the enum: itself, the array's items, or the non-null anyOf member."""
    if "enum" in schema:
        return schema
    if schema.get("type") == "array":
        return _enum_of(schema.get("items", {}))
    for member in schema.get("anyOf", []):
        if member.get("type") != "null":
            return _enum_of(member)
    return None


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def test_operation_ids_are_unique_and_short(document):
    ids = [operation["operationId"] for _m, _p, operation in _operations(document)]
    assert len(ids) == len(set(ids))
    assert "consumer_steps_accept_offer" in ids
    assert not [i for i in ids if i.startswith("tousu_")]


def test_each_status_appears_once_per_operation(document):
    # The hook fails on a repeated key anywhere in the document, "422" included.
    for _method, _path, operation in _operations(document):
        assert all(isinstance(status, str) for status in operation["responses"])


def test_every_choice_field_is_an_enum_with_its_labels(document):
    missing = []
    for name, schema in document["components"]["schemas"].items():
        for prop, spec in schema.get("properties", {}).items():
            if prop not in CHOICE_NAMES or (name, prop) in NOT_CHOICES:
                continue
            if "$ref" in json.dumps(spec):
                continue  # a named schema (an Enum component) carries its own values
            enum = _enum_of(spec)
            if enum is None:
                missing.append(f"{name}.{prop}")
    assert not missing, missing
    schemas = document["components"]["schemas"]
    kind = schemas["ComplaintIn"]["properties"]["kind"]
    assert kind["enum"] == list(Kind.values)
    assert kind["x-enum-labels"] == {"after_sales": "After-sales request", "complaint": "Complaint"}
    assert kind["x-enum-labels-zh"]["complaint"] == "投诉"
    assert schemas["ComplaintIn"]["properties"]["category"]["enum"] == list(Category.values)
    assert schemas["ComplaintIn"]["properties"]["demand"]["enum"] == list(Demand.values)
    out = schemas["ComplaintOut"]["properties"]
    assert out["status"]["enum"] == list(Status.values)
    assert out["channel"]["enum"] == list(Channel.values)
    assert "`withdrawn`: Withdrawn" in out["status"]["description"]
    priority = schemas["SearchHitOut"]["properties"]["priority"]
    assert priority["enum"] == [1, 2, 3, 4] and priority["x-enum-labels"]["4"] == "Urgent"


def test_the_list_filter_declares_the_statuses(document):
    parameters = {
        p["name"]: p for p in document["paths"]["/api/v1/complaints"]["get"]["parameters"]
    }
    assert parameters["status"]["schema"]["items"]["enum"] == list(Status.values)
    for name in ("updated_since", "deadline_before"):
        assert _enum_of(parameters[name]["schema"]) is None
        assert {"format": "date-time", "type": "string"} in parameters[name]["schema"]["anyOf"]


def test_constraints_are_stated(document):
    schemas = document["components"]["schemas"]
    filing = schemas["ComplaintIn"]["properties"]
    assert "required for an after-sales request" in filing["order_number"]["description"]
    assert "required for the demands" in filing["amount_fen"]["description"]
    assert filing["amount_fen"]["anyOf"][0]["maximum"] == 2**53 - 1
    assert filing["description"]["maxLength"] > 0 and filing["description"]["minLength"] == 1
    rating = schemas["RatingIn"]
    assert set(rating["required"]) == {"attitude", "speed", "overall", "accepted"}
    for star in ("attitude", "speed", "overall"):
        assert (rating["properties"][star]["minimum"], rating["properties"][star]["maximum"]) == (
            1,
            5,
        )
    assert schemas["ReturnIn"]["properties"]["tracking_number"]["maxLength"] == 40
    assert schemas["ReasonIn"]["properties"]["reason"]["maxLength"] > 0


def test_headers_are_declared(document):
    filing = document["paths"]["/api/v1/complaints"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in filing["parameters"] if p["in"] == "header"]
    message = document["paths"]["/api/v1/complaints/{number}/messages"]["post"]
    assert "X-Tousu-Complaint" in message["responses"]["201"]["headers"]
    limited = [
        (method, path, operation["responses"]["429"])
        for method, path, operation in _operations(document)
        if "429" in operation["responses"]
    ]
    assert len(limited) >= 4
    for method, path, response in limited:
        assert "Retry-After" in response["headers"], (method, path)


def test_file_downloads_declare_a_binary_200(document):
    download = document["paths"]["/api/v1/evidence/{evidence_id}"]["get"]["responses"]["200"]
    assert "image/jpeg" in download["content"] and "application/pdf" in download["content"]
    for media in download["content"].values():
        assert media["schema"] == {"type": "string", "format": "binary"}
    assert "Content-Disposition" in download["headers"]


def test_an_object_has_one_schema_wherever_it_appears(document):
    seen = []
    for name, schema in document["components"]["schemas"].items():
        for prop, spec in schema.get("properties", {}).items():
            text = json.dumps(spec)
            if prop in OBJECTS and ("$ref" in text or '"object"' in text):
                assert f"#/components/schemas/{OBJECTS[prop]}" in text, (name, prop, spec)
                seen.append((name, prop))
    assert ("OrderOut", "merchant") in seen and ("EntryOut", "evidence") in seen
    assert ("ReturnOut", "deadline") in seen and ("StaffFieldsOut", "deadlines") in seen


def _request_fields(document, path: str, method: str = "post") -> set[str]:
    operation = document["paths"][path][method]
    names = {p["name"] for p in operation.get("parameters", [])}
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("application/json") or content.get("multipart/form-data")
    if body:
        schema = body["schema"]
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        names |= set(schema["properties"])
    return names


def test_error_fields_use_the_request_field_names(
    document, api_as, consumer, agent, merchant_staff, complaint, settings
):
    """Errors raised by the actions are keyed by what they store (``order``, ``amount``,
    ``body``); the API renames them after its own fields."""
    client = api_as(consumer)
    cases = [
        (
            "/api/v1/complaints",
            client.post(
                "/api/v1/complaints",
                {
                    "kind": "after_sales",
                    "category": "quality",
                    "demand": "refund_only",
                    "description": "坏了",
                },
            ),
        ),
    ]
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint,
        merchant_staff,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=100, reason="部分"),
    )
    base = f"/api/v1/complaints/{complaint.number}"
    long_text = "长" * (settings.TOUSU_MESSAGE_MAX_CHARS + 1)
    for path, body in [
        ("/api/v1/complaints/{number}/offer/reject", {"reason": long_text}),
        ("/api/v1/complaints/{number}/intervention", {"reason": " "}),
        ("/api/v1/complaints/{number}/messages", {"body": long_text}),
    ]:
        cases.append((path, client.post(path.replace("/api/v1/complaints/{number}", base), body)))
    cases.append(("/api/v1/complaints", client.get("/api/v1/complaints", status="nope")))
    text_file = SimpleUploadedFile("note.txt", b"just text", content_type="text/plain")
    upload = client.upload(f"{base}/evidence", {"file": text_file})
    cases.append(("/api/v1/complaints/{number}/evidence", upload))
    for path, response in cases:
        assert response.status_code == 422, (path, response.content)
        method = "get" if "status=" in (response.request.get("QUERY_STRING") or "") else "post"
        fields = set(response.json()["fields"])
        assert fields and fields <= _request_fields(document, path, method), (path, fields)
    # Not a 422, but a field all the same: the order that is not found is `order_number`.
    unknown = client.post(
        "/api/v1/complaints",
        {
            "kind": "after_sales",
            "category": "quality",
            "demand": "apology",
            "description": "坏了",
            "order_number": "404404404",
        },
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "order_not_found"
    assert set(unknown.json()["fields"]) == {"order_number"}


def test_a_too_long_idempotency_key_is_refused_as_declared(document, api_as, consumer, order):
    declared = document["paths"]["/api/v1/complaints"]["post"]["parameters"][0]
    assert declared["schema"]["anyOf"][0]["maxLength"] == 128
    response = api_as(consumer).post(
        "/api/v1/complaints",
        {
            "kind": "after_sales",
            "category": "quality",
            "demand": "apology",
            "description": "坏了",
            "order_number": order.number,
        },
        headers={"Idempotency-Key": "k" * 129},
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["Idempotency-Key"]
