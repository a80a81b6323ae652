"""The OpenAPI document, the docs page and JSON answers for unknown paths and methods."""

from tests.api.conftest import ApiClient


def test_openapi_lists_the_paths(db):
    response = ApiClient().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/auth/token", "/api/v1/orders", "/api/v1/orders/{number}", "/api/v1/complaints",
        "/api/v1/complaints/{number}", "/api/v1/complaints/{number}/evidence",
        "/api/v1/complaints/{number}/messages", "/api/v1/complaints/{number}/withdraw",
        "/api/v1/import/orders",
    ]:
        assert path in paths
    assert "post" in paths["/api/v1/complaints"] and "get" in paths["/api/v1/complaints"]
    assert response.json()["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def test_docs_page(db):
    assert ApiClient().get("/api/docs").status_code == 200


def test_unknown_api_path_is_json_404(db):
    response = ApiClient().get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_wrong_method_is_json_405(db):
    response = ApiClient(language="en").client.put("/api/v1/auth/token")
    assert response.status_code == 405
    assert response.json() == {"code": "method_not_allowed", "message": "This method is not allowed here."}
