"""POST /api/v1/coach."""

from tests.api.conftest import api_as  # noqa: F401  (fixture)
from tests.coach.samples import GOOD

URL = "/api/v1/coach"


def body(**overrides):
    data = {
        "description": GOOD["text"],
        "category": GOOD["category"],
        "demand": GOOD["demand"],
        "amount_fen": GOOD["amount_fen"],
        "order_number": GOOD["order_number"],
        "evidence_count": 2,
    }
    return {**data, **overrides}


def test_needs_a_token(api_as, db):
    response = api_as(None).post(URL, body())
    assert response.status_code == 401


def test_returns_findings(api_as, consumer):
    response = api_as(consumer).post(URL, body(description="你们是骗子，垃圾！", evidence_count=0))
    assert response.status_code == 200
    findings = response.json()["findings"]
    codes = {f["code"] for f in findings}
    assert {"exaggeration", "insult", "no_evidence"} <= codes
    assert set(findings[0]) == {"code", "severity", "message", "suggestion", "words"}


def test_good_complaint_has_no_findings(api_as, merchant_staff):
    # Any signed-in user may ask (the app shows it before filing).
    response = api_as(merchant_staff).post(URL, body())
    assert response.status_code == 200 and response.json() == {"findings": []}


def test_messages_follow_accept_language(api_as, consumer):
    response = api_as(consumer, "zh-hans").post(URL, body(evidence_count=0))
    assert "证据" in response.json()["findings"][0]["message"]


def test_bad_input_is_422(api_as, consumer):
    client = api_as(consumer)
    assert client.post(URL, {"category": "quality"}).status_code == 422  # description missing
    assert client.post(URL, body(evidence_count=-1)).status_code == 422
    response = client.post(URL, body(category="nonsense"))
    assert response.status_code == 422 and "category" in response.json()["fields"]


def test_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/coach"]
    assert "CoachOut" in schema["components"]["schemas"]
