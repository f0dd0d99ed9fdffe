"""The OpenAPI document covers the whole API, including every path api.md fixes."""
import re

CONTRACT = [
    ("post", "/api/v1/auth/register"), ("post", "/api/v1/auth/tokens"), ("post", "/api/v1/users"),
    ("post", "/api/v1/organizations"), ("post", "/api/v1/organizations/{org_id}/approve"),
    ("put", "/api/v1/organizations/{org_id}/credit"), ("post", "/api/v1/organizations/{org_id}/credit/records"),
    ("get", "/api/v1/organizations/{org_id}/credit"),
    ("post", "/api/v1/projects"), ("post", "/api/v1/projects/{project_id}/submit"),
    ("post", "/api/v1/projects/{project_id}/publish"), ("get", "/api/v1/projects"),
    ("get", "/api/v1/projects/{project_id}"), ("post", "/api/v1/projects/{project_id}/signups"),
    ("put", "/api/v1/projects/{project_id}/bid"), ("delete", "/api/v1/projects/{project_id}/bid"),
    ("post", "/api/v1/projects/{project_id}/open"), ("get", "/api/v1/audit/trail/verify"),
]


def test_openapi_document_lists_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and not rule.endpoint.startswith("api_docs."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method.lower(), path) in documented
    assert set(CONTRACT) <= documented


def test_openapi_documents_request_schemas(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    body = spec["paths"]["/api/v1/projects"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[-1]
    assert {"title", "budget", "ceiling_price", "evaluation"} <= set(spec["components"]["schemas"][name]["properties"])


def test_api_docs_page_renders(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "/api/v1/projects" in response.get_data(as_text=True)


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            yield path, method, op


def test_openapi_document_is_valid(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())


def test_no_number_is_written_as_a_string(client):
    """apispec keeps Decimal validator bounds, which JSON renders as strings like "100"."""
    spec = client.get("/api/v1/openapi.json").get_json()
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                numeric = key != "default" or value.get("type") in ("number", "integer")  # a string default is fine
                if key in ("minimum", "maximum", "default", "minLength", "maxLength", "minItems", "maxItems") \
                        and isinstance(item, str) and numeric:
                    found.append(f"{where}.{key}")
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{where}.{i}")

    walk(spec, "")
    assert found == []
    deduction = spec["components"]["schemas"]["CreditRecordIn"]["properties"]["deduction"]
    assert (deduction["minimum"], deduction["maximum"], deduction["exclusiveMinimum"]) == (0, 100, True)
    weight = spec["components"]["schemas"]["Weights"]["properties"]["credit"]
    assert (weight["minimum"], weight["maximum"]) == (-100, 100)


def test_every_operation_has_a_success_schema_and_the_error_responses(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, method, op in _operations(spec):
        success = [code for code in op["responses"] if code.startswith("2")]
        assert len(success) == 1, (method, path)
        if success[0] == "204":  # No Content: a body would contradict the status
            assert "content" not in op["responses"]["204"], (method, path)
        else:
            [(media_type, content)] = op["responses"][success[0]]["content"].items()
            assert "schema" in content, (method, path)
            assert media_type == "application/json" or content["schema"]["format"] == "binary", (method, path)
        assert op["responses"]["default"] == {"$ref": "#/components/responses/Error"}
        if "{" in path:
            assert op["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}, (method, path)
    error = spec["components"]["responses"]["ValidationFailed"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert spec["components"]["schemas"]["Error"]["required"] == ["error"]


def test_secured_operations_ask_for_a_bearer_token(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    ops = {(method, path): op for path, method, op in _operations(spec)}
    assert ops[("post", "/api/v1/projects")]["security"] == [{"bearer": []}]
    assert {"401", "403"} <= set(ops[("post", "/api/v1/projects")]["responses"])
    assert ops[("get", "/api/v1/projects")]["security"] == [{}, {"bearer": []}]
    assert ops[("post", "/api/v1/auth/tokens")]["security"] == []
    for rule in app.url_map.iter_rules():
        if getattr(app.view_functions[rule.endpoint], "roles", None) and rule.rule.startswith("/api/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
                assert ops[(method.lower(), path)]["security"] == [{"bearer": []}], (method, path)


def test_lists_are_described_with_their_envelope(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/projects", "/api/v1/organizations"):
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert set(schema["required"]) == {"items", "page", "per_page", "total"}
        assert schema["properties"]["items"]["type"] == "array"


def test_query_arguments_are_one_parameter_each(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/organizations"]["get"]["parameters"]}
    assert set(params) == {"page", "per_page", "status", "kind"}
    for name in ("status", "kind"):
        assert params[name]["in"] == "query" and params[name]["schema"]["type"] == "string"
    assert None not in params["kind"]["schema"]["enum"]
    assert params["page"]["schema"]["maximum"] == 100000


def test_the_project_view_documents_the_callers_extra_fields(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    view = spec["components"]["schemas"]["ProjectViewOut"]["properties"]
    assert {"my_signup", "opening", "title", "budget"} <= set(view)
    get = spec["paths"]["/api/v1/projects/{project_id}"]["get"]["responses"]["200"]
    assert get["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ProjectViewOut"}
    opening = spec["paths"]["/api/v1/projects/{project_id}/open"]["post"]["responses"]["200"]
    assert opening["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OpeningOut"}
    ids = spec["paths"]["/api/v1/projects/{project_id}"]["get"]["parameters"][0]["schema"]
    assert ids == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
