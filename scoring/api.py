"""JSON API of the expert pool: the trading center manages it, supervisors read it."""
import base64
import binascii

from flask import Blueprint, request

from core.auth import api_roles, api_user
from core.errors import ValidationFailed
from core.openapi import doc
from core.schemas import ReasonIn, load_args, load_json, paginate
from scoring import pool
from scoring.pool_import import MAX_BYTES, import_experts
from scoring.schemas import ConflictIn, ExpertOut, ExpertPatch, ExpertQuery, ImportIn, ImportOut

api = Blueprint("scoring_api", __name__, url_prefix="/api/v1")


@api.get("/experts")
@api_roles("admin", "supervisor")
@doc("List the expert pool (?specialty=&status=&q= name, username or employer)", response=ExpertOut,
     query=ExpertQuery, paginated=True)
def list_experts():
    args = load_args(ExpertQuery())
    return paginate(pool.search_experts(args["specialty"], args["status"], args["q"]), args, ExpertOut().dump)


@api.get("/experts/<int:expert_id>")
@api_roles("admin", "supervisor")
@doc("One expert with specialties, employer, declared conflicts, status and record", response=ExpertOut)
def get_expert(expert_id):
    return ExpertOut().dump(pool.get_expert(expert_id))


@api.patch("/experts/<int:expert_id>")
@api_roles("admin")
@doc("Change an expert's name, specialty codes or employer", ExpertPatch(partial=True), ExpertOut)
def update_expert(expert_id):
    data = load_json(ExpertPatch(), partial=True)
    return ExpertOut().dump(pool.update_expert(api_user(), expert_id, data))


@api.post("/experts/<int:expert_id>/suspend")
@api_roles("admin")
@doc("Suspend an active expert (left out of draws), with a reason", ReasonIn, ExpertOut)
def suspend_expert(expert_id):
    return ExpertOut().dump(pool.suspend_expert(api_user(), expert_id, load_json(ReasonIn())["reason"]))


@api.post("/experts/<int:expert_id>/activate")
@api_roles("admin")
@doc("Bring a suspended expert back into the pool", response=ExpertOut)
def activate_expert(expert_id):
    return ExpertOut().dump(pool.activate_expert(api_user(), expert_id))


@api.post("/experts/<int:expert_id>/conflicts")
@api_roles("admin")
@doc("Declare a conflict of interest with an organisation (by its USCC)", ConflictIn, ExpertOut, status=201)
def add_conflict(expert_id):
    data = load_json(ConflictIn())
    pool.add_conflict(api_user(), expert_id, data["uscc"], data["note"])
    return ExpertOut().dump(pool.get_expert(expert_id)), 201


@api.delete("/experts/<int:expert_id>/conflicts/<int:conflict_id>")
@api_roles("admin")
@doc("Remove a declared conflict of interest", response=ExpertOut)
def remove_conflict(expert_id, conflict_id):
    return ExpertOut().dump(pool.remove_conflict(api_user(), expert_id, conflict_id))


def _uploaded_file():
    """(filename, bytes) of a multipart `file` part or of the JSON {filename, content_base64}."""
    upload = request.files.get("file")
    if upload is not None:
        return upload.filename, upload.read(MAX_BYTES + 1)
    data = load_json(ImportIn())
    try:
        return data["filename"], base64.b64decode(data["content_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed({"content_base64": ["is not valid base64"]}) from None


@api.post("/experts/import")
@api_roles("admin")
@doc("Import experts from a CSV or .xlsx file (columns username, name, specialties, employer_uscc, employer_name, "
     "conflicts, password): valid rows are created, refused rows are reported row by row; multipart `file` or JSON",
     ImportIn, ImportOut)
def import_pool():
    filename, content = _uploaded_file()
    return ImportOut().dump(import_experts(api_user(), filename, content))
