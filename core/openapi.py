"""The OpenAPI document, built from the API's url map and the schemas its endpoints declare."""
import re
from decimal import Decimal

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Blueprint, current_app, jsonify, render_template
from marshmallow import validate
from werkzeug.routing import IntegerConverter

from core.inputs import MAX_ID
from core.schemas import LocalDateTime, MoneyField

docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")


def doc(summary, body=None, response=None, status=200, query=None, paginated=False, optional_auth=False, errors=(),
        file=None, total=None):
    """Describe an API endpoint for the OpenAPI document.

    `response` is the schema of the success body; `paginated` wraps it in the list envelope
    {items, page, per_page, total}; `query` is a schema of the query arguments (one parameter
    per field); `optional_auth` marks a public endpoint that shows more to a bearer token;
    `errors` adds error statuses to those the document infers (401 for a secured endpoint...);
    `file` is the media type of an endpoint answering a file download instead of JSON; `total` describes
    the envelope's total when it is not a plain count (a capped count).
    """

    def decorator(view):
        view.api_doc = {"summary": summary, "body": body, "response": response, "status": status, "query": query,
                        "paginated": paginated, "optional_auth": optional_auth, "errors": errors, "file": file,
                        "total": total}
        return view

    return decorator


ERROR_SCHEMA = {
    "type": "object", "required": ["error"], "additionalProperties": False,
    "properties": {"error": {
        "type": "object", "required": ["code", "message", "fields"], "additionalProperties": False,
        "properties": {
            "code": {"type": "string", "description": "snake_case code"},
            "message": {"type": "string"},
            "fields": {"type": "object", "description": "Problems per field (dotted names for nested fields)",
                       "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        },
    }},
}
# Error responses by status; every one carries the error shape.
ERROR_RESPONSES = {
    "400": ("BadRequest", "Malformed request (not a JSON object, nested too deeply)"),
    "401": ("NotAuthenticated", "No valid bearer token"),
    "403": ("Forbidden", "The caller's role or organisation may not do this"),
    "404": ("NotFound", "Not found, or not visible to the caller"),
    "409": ("Conflict", "Wrong state (status, deadline passed, duplicate)"),
    "422": ("ValidationFailed", "Valid JSON that breaks a field or business rule"),
    "429": ("RateLimited", "Too many attempts"),
    "default": ("Error", "Any other error"),
}
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _paginated(schema, total=None):
    total_schema = {"type": "integer", "minimum": 0}
    if total:
        total_schema["description"] = total
    return {"type": "object", "required": ["items", "page", "per_page", "total"], "additionalProperties": False,
            "properties": {"items": {"type": "array", "items": schema}, "page": {"type": "integer", "minimum": 1},
                           "per_page": {"type": "integer", "minimum": 1}, "total": total_schema}}


def _error_statuses(rule, method, info, secured):
    """The error statuses an endpoint can answer; "default" stands for any other."""
    statuses = {"default", *(str(code) for code in info.get("errors", ()))}
    if info.get("body") is not None:
        statuses.add("400")
    if secured or info.get("optional_auth"):
        statuses.add("401")
    if secured:
        statuses.add("403")
    if rule.arguments:
        statuses.add("404")
    if method in WRITE_METHODS:
        statuses.update(("409", "422"))
    if info.get("query") is not None:
        statuses.add("422")
    return sorted(statuses, key=lambda s: (s == "default", s))


def query_schema(query):
    """A view's query schema: a schema, or a function returning one built from what the modules registered."""
    return query() if callable(query) and not isinstance(query, type) else query


def _path_schema(rule, argument):
    if isinstance(rule._converters[argument], IntegerConverter):
        return dict(ID_SCHEMA)
    return {"type": "string", "minLength": 1, "maxLength": 100}


def _operation(rule, method, view):
    info = getattr(view, "api_doc", {"summary": rule.endpoint, "status": 200})
    roles = getattr(view, "roles", None)
    op = {"summary": info["summary"], "operationId": f"{rule.endpoint}.{method.lower()}",
          "tags": [rule.endpoint.split(".")[0]], "responses": {}}
    params = [{"name": a, "in": "path", "required": True, "schema": _path_schema(rule, a)} for a in sorted(rule.arguments)]
    if info.get("query") is not None:
        params.append({"in": "query", "schema": query_schema(info["query"])})
    if params:
        op["parameters"] = params
    if roles:
        op["security"] = [{"bearer": []}]
        op["description"] = "Roles: " + ", ".join(roles)
    elif info.get("optional_auth"):
        op["security"] = [{}, {"bearer": []}]
    else:
        op["security"] = []
    body = info.get("body")
    if body is not None:
        # A partial body (PATCH) may be left out: nothing changes.
        op["requestBody"] = {"content": {"application/json": {"schema": body}},
                             "required": getattr(body, "partial", False) is not True}
    status = str(info.get("status", 200))
    schema = info.get("response")
    if info.get("file"):
        op["responses"][status] = {"description": "The file", "content": {
            info["file"]: {"schema": {"type": "string", "format": "binary"}}}}
    elif schema is None:
        op["responses"][status] = {"description": "OK"}
    else:
        schema = _paginated(schema, info.get("total")) if info.get("paginated") else schema
        op["responses"][status] = {"description": "OK", "content": {"application/json": {"schema": schema}}}
    for code in _error_statuses(rule, method, info, bool(roles)):
        op["responses"][code] = ERROR_RESPONSES[code][0]
    return op


def _plain_numbers(value):
    """The spec with Decimal validator bounds as JSON numbers (apispec keeps them as Decimal,
    which JSON would render as strings like "100")."""
    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _query_parameters(spec):
    """A query argument is a string on the wire: never null (its default simply applies)."""
    for operations in spec["paths"].values():
        for op in operations.values():
            for param in op.get("parameters", ()):
                schema = param.get("schema", {})
                if param["in"] == "query" and schema.get("nullable"):
                    del schema["nullable"]
                    if schema.get("default", 0) is None:
                        del schema["default"]
                    if "enum" in schema:
                        schema["enum"] = [v for v in schema["enum"] if v is not None]
    return spec


MONEY_PATTERN = r"^[0-9]{1,16}(\.[0-9]{1,2})?$"


def _field_attributes(self, field, **kwargs):
    """What apispec leaves out: exclusive range bounds, money's digits, examples."""
    attributes = {}
    for validator in field.validators:
        if isinstance(validator, validate.Range):
            if validator.min is not None and not validator.min_inclusive:
                attributes["exclusiveMinimum"] = True
            if validator.max is not None and not validator.max_inclusive:
                attributes["exclusiveMaximum"] = True
    if isinstance(field, MoneyField):
        attributes.update(pattern=MONEY_PATTERN, example="1250000.00")
        if field.maximum is not None:
            attributes["description"] = f"at most {field.maximum}"
    if isinstance(field, LocalDateTime):
        attributes["example"] = "2026-12-20T17:00:00+08:00"
    return attributes


def _schema_name(schema):
    """A component's name: its class name, with "Patch" for a partial instance (PATCH bodies)."""
    name = resolve_schema_cls(schema).__name__
    return name + "Patch" if getattr(schema, "partial", False) is True else name


def build_spec(app):
    spec = APISpec(
        title="Public-resource trading platform API", version="1.0.0", openapi_version="3.0.3",
        plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
        info={"description": "JSON API v1. Errors: {\"error\": {\"code\", \"message\", \"fields\"}}; "
                             "lists: {\"items\", \"page\", \"per_page\", \"total\"}."},
    )
    plugin = spec.plugins[0]
    plugin.map_to_openapi_type(MoneyField, "string", "decimal")
    plugin.map_to_openapi_type(LocalDateTime, "string", "date-time")
    plugin.converter.add_attribute_function(_field_attributes)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", ERROR_SCHEMA)
    for name, description in ERROR_RESPONSES.values():
        spec.components.response(name, {"description": description, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
    paths = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api_docs."):
            continue
        view = app.view_functions[rule.endpoint]
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, method, view)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return _query_parameters(_plain_numbers(spec.to_dict()))


@docs.get("/openapi.json")
def openapi_json():
    return jsonify(build_spec(current_app))


@docs.get("/docs")
def api_docs_page():
    return render_template("api_docs.html", spec=build_spec(current_app))
