"""JSON API of the expert pool: the trading center manages it, supervisors read it."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import ReasonIn, load_args, load_json, paginate, uploaded_file
from scoring.pool import operations as pool
from scoring.pool.operations import MAX_BYTES, import_experts
from scoring.pool.schemas import ConflictIn, ExpertOut, ExpertPatch, ExpertQuery, ImportIn, ImportOut

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


@api.post("/experts/import")
@api_roles("admin")
@doc("Import experts from a CSV or .xlsx file (columns username, name, specialties, employer_uscc, employer_name, "
     "conflicts, password): valid rows are created, refused rows are reported row by row; multipart `file` or JSON",
     ImportIn, ImportOut)
def import_pool():
    filename, content = uploaded_file(ImportIn(), MAX_BYTES)
    return ImportOut().dump(import_experts(api_user(), filename, content))
