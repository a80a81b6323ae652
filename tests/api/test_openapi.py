"""The OpenAPI document, the docs page and JSON answers for unknown paths and methods."""

from tests.api.conftest import ApiClient


def test_openapi_lists_the_paths(db):
    response = ApiClient().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/auth/token",
        "/api/v1/orders",
        "/api/v1/orders/{number}",
        "/api/v1/complaints",
        "/api/v1/complaints/{number}",
        "/api/v1/complaints/{number}/evidence",
        "/api/v1/complaints/{number}/messages",
        "/api/v1/complaints/{number}/withdraw",
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
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "This method is not allowed here.",
    }


def test_every_operation_declares_its_errors_with_the_shared_schema(db):
    document = ApiClient().get("/api/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    operations = [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
    ]
    assert len(operations) >= 20
    for path, method, op in operations:
        expected = set()
        if op.get("security"):
            expected.add("401")
        if "requestBody" in op:
            expected |= {"400", "413", "422"}
        if op.get("parameters"):
            expected.add("422")
        assert expected <= set(op["responses"]), (method, path)
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == error or "import" in path, (
                    method,
                    path,
                    status,
                )  # imports: their own report
    token = document["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert {"400", "401", "413", "422", "429"} <= set(token)
