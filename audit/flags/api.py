"""JSON API of red flags: the list with its filters, and the supervisor's dismissal."""
from flask import Blueprint

from audit.flags import operations as flags
from audit.flags.schemas import DismissIn, FlagOut, FlagQuery
from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_args, load_json, paginate

api = Blueprint("audit_flags_api", __name__, url_prefix="/api/v1")


@api.get("/audit/flags")
@api_roles("admin", "supervisor")
@doc("Red flags, newest first: code, severity, subject, the figures that raised them and their status",
     response=FlagOut, query=FlagQuery, paginated=True)
def list_flags():
    args = load_args(FlagQuery())
    stmt = flags.search_flags(api_user(), args["code"], args["status"], args["severity"], args["project_id"])
    return paginate(stmt, args, FlagOut().dump)


@api.post("/audit/flags/<int:flag_id>/dismiss")
@api_roles("supervisor")
@doc("Dismiss a red flag with a reason (the supervisor); it stays listed, with its history", DismissIn, FlagOut,
     errors=(404, 409, 422))
def dismiss(flag_id):
    return FlagOut().dump(flags.dismiss(api_user(), flag_id, load_json(DismissIn())["reason"]))
