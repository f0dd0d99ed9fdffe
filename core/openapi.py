"""The OpenAPI document, built from the API's url map and the schemas its endpoints declare."""
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, current_app, jsonify, render_template

from core.schemas import LocalDateTime, MoneyField

docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")


def doc(summary, body=None, response=None, status=200, query=None):
    """Describe an API endpoint for the OpenAPI document."""

    def decorator(view):
        view.api_doc = {"summary": summary, "body": body, "response": response, "status": status, "query": query}
        return view

    return decorator


def build_spec(app):
    spec = APISpec(
        title="Public-resource trading platform API", version="1.0.0", openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "JSON API v1. Errors: {\"error\": {\"code\", \"message\", \"fields\"}}."},
    )
    plugin = spec.plugins[0]
    plugin.map_to_openapi_type(MoneyField, "string", "decimal")
    plugin.map_to_openapi_type(LocalDateTime, "string", "date-time")
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    error = {"description": "Error", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                                   "fields": {"type": "object"}}}}}}}}
    paths = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api_docs."):
            continue
        view = app.view_functions[rule.endpoint]
        info = getattr(view, "api_doc", {"summary": rule.endpoint, "status": 200})
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            op = {"summary": info["summary"], "operationId": f"{rule.endpoint}.{method.lower()}",
                  "tags": [rule.endpoint.split(".")[0]], "responses": {"default": error}}
            params = [{"name": a, "in": "path", "required": True, "schema": {"type": "integer" if "int:" in rule.rule else "string"}}
                      for a in rule.arguments]
            if info.get("query"):
                params.append({"in": "query", "schema": info["query"]})
            if params:
                op["parameters"] = params
            roles = getattr(view, "roles", None)
            if roles:
                op["security"] = [{"bearer": []}]
                op["description"] = "Roles: " + ", ".join(roles)
            for key, target in (("body", "requestBody"), ("response", "responses")):
                schema = info.get(key)
                if schema is None:
                    continue
                # The marshmallow plugin registers the schema (and its nested ones) by name.
                content = {"application/json": {"schema": schema}}
                if target == "requestBody":
                    op[target] = {"content": content, "required": True}
                else:
                    op["responses"][str(info["status"])] = {"description": "OK", "content": content}
            if not info.get("response"):
                op["responses"][str(info.get("status", 200))] = {"description": "OK"}
            paths.setdefault(path, {})[method.lower()] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@docs.get("/openapi.json")
def openapi_json():
    return jsonify(build_spec(current_app))


@docs.get("/docs")
def api_docs_page():
    return render_template("api_docs.html", spec=build_spec(current_app))
