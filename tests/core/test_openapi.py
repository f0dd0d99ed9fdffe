"""The OpenAPI document covers the whole API, including every path api.md fixes."""
import re

CONTRACT = [
    ("post", "/api/v1/auth/register"), ("post", "/api/v1/auth/tokens"), ("post", "/api/v1/users"),
    ("post", "/api/v1/organizations"), ("post", "/api/v1/organizations/{org_id}/approve"),
    ("put", "/api/v1/organizations/{org_id}/credit"), ("post", "/api/v1/organizations/{org_id}/credit/records"),
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
