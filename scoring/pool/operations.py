"""Managing the expert pool (the trading center; supervisors read): profiles, active or suspended,
declared conflicts of interest. Plain functions taking the acting user; no request, no commit."""
import re
import secrets

from sqlalchemy import or_, select

from core.accounts import create_user
from core.auth import acts_as_center, require
from core.errors import N_, Conflict, DomainError, NotFound, ValidationFailed
from core.extensions import db
from core.imports import MAX_BYTES, import_rows, read_rows
from core.lifecycle import Lifecycle
from core.models import User
from core.schemas import load_data
from core.trail import record_event
from core.uscc import require_valid_uscc
from scoring.pool.models import Expert, ExpertConflict, ExpertSpecialty
from scoring.pool.schemas import ExpertIn, ImportRowIn

EXPERT_STATUSES = ("active", "suspended")
EXPERT_LIFECYCLE = Lifecycle("expert", {"active": ("suspended",), "suspended": ("active",)})


def _require_center(actor):
    require(acts_as_center(actor), message="Only the trading center manages the expert pool.")


def search_experts(specialty=None, status=None, q=None):
    """Select statement for the pool lists: by specialty code, status, and name or username or employer."""
    stmt = select(Expert).join(Expert.user).order_by(Expert.id)
    if specialty:
        stmt = stmt.where(Expert.specialties.any(ExpertSpecialty.code == specialty))
    if status:
        stmt = stmt.where(Expert.status == status)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(Expert.name.ilike(pattern, escape="\\"), User.username.ilike(pattern, escape="\\"),
                              Expert.employer_name.ilike(pattern, escape="\\"),
                              Expert.employer_uscc.ilike(pattern, escape="\\")))
    return stmt


def specialty_choices(current=None):
    """(code, "name (code)") for the catalogue's specialties and any other the pool's experts have."""
    from scoring.pool import SPECIALTIES, specialty_name

    codes = set(SPECIALTIES) | set(db.session.scalars(select(ExpertSpecialty.code).distinct()))
    if current:
        codes.add(current)
    return [(code, f"{specialty_name(code)} ({code})" if code in SPECIALTIES else code) for code in sorted(codes)]


def get_expert(expert_id, lock=False):
    stmt = select(Expert).where(Expert.id == expert_id)
    expert = db.session.scalar(stmt.with_for_update() if lock else stmt)
    if expert is None:
        raise NotFound("not_found", "Expert not found.")
    return expert


def _profile(expert):
    return {"name": expert.name, "specialties": expert.specialty_codes,
            "employer_uscc": expert.employer_uscc, "employer_name": expert.employer_name}


def update_expert(actor, expert_id, data):
    """Change the name, the specialty codes and/or the employer (fields left out stay)."""
    _require_center(actor)
    expert = get_expert(expert_id, lock=True)
    if data.get("employer_uscc"):
        require_valid_uscc(data["employer_uscc"], "employer_uscc")
    before = _profile(expert)
    if "name" in data:
        expert.name = data["name"]
    if "specialties" in data:
        codes = sorted(set(data["specialties"]))
        kept = [s for s in expert.specialties if s.code in codes]
        known = {s.code for s in kept}
        expert.specialties = kept + [ExpertSpecialty(code=c) for c in codes if c not in known]
    for name in ("employer_uscc", "employer_name"):
        if name in data:
            setattr(expert, name, data[name] or None)
    db.session.flush()
    after = _profile(expert)
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        record_event(expert, "expert.updated", actor, {k: before[k] for k in changed}, {k: after[k] for k in changed})
    return expert


def suspend_expert(actor, expert_id, reason):
    """Take an expert out of the draw; the reason is kept on the expert and in the trail."""
    _require_center(actor)
    if not reason or not reason.strip():
        raise ValidationFailed({"reason": ["a reason is required"]})
    expert = get_expert(expert_id)
    return EXPERT_LIFECYCLE.change(expert, "suspended", actor, "expert.suspended",
                                   {"active": False, "suspension_reason": reason.strip()}, {"reason": reason.strip()})


def activate_expert(actor, expert_id):
    """Bring a suspended expert back into the draw."""
    _require_center(actor)
    expert = get_expert(expert_id)
    return EXPERT_LIFECYCLE.change(expert, "active", actor, "expert.activated",
                                   {"active": True, "suspension_reason": None},
                                   before={"suspension_reason": expert.suspension_reason})


def add_conflict(actor, expert_id, uscc, note=None):
    """Declare a conflict of interest of the expert with the organisation of this USCC."""
    _require_center(actor)
    require_valid_uscc(uscc, "uscc")
    expert = get_expert(expert_id, lock=True)
    if any(c.uscc == uscc for c in expert.conflicts):
        raise Conflict("duplicate_conflict", "This conflict of interest is already declared.")
    conflict = ExpertConflict(uscc=uscc, note=note or None)
    expert.conflicts.append(conflict)
    db.session.flush()
    record_event(expert, "expert.conflict_added", actor, after={"conflict_id": conflict.id, "uscc": uscc, "note": note})
    return conflict


def remove_conflict(actor, expert_id, conflict_id):
    _require_center(actor)
    expert = get_expert(expert_id, lock=True)
    conflict = next((c for c in expert.conflicts if c.id == conflict_id), None)
    if conflict is None:
        raise NotFound("not_found", "Conflict not found.")
    expert.conflicts.remove(conflict)
    db.session.flush()
    record_event(expert, "expert.conflict_removed", actor,
                 before={"conflict_id": conflict_id, "uscc": conflict.uscc, "note": conflict.note})
    return expert


def create_expert_profile(user, data):
    """The pool entry of a new expert account: name, specialty codes, employer."""
    if not data:
        raise ValidationFailed({"expert": ["name and specialties are required for an expert"]})
    try:
        data = load_data(ExpertIn(), data)
    except ValidationFailed as err:
        raise ValidationFailed({f"expert.{name}": problems for name, problems in err.fields.items()}) from None
    employer = data.get("employer_uscc")
    if employer:
        require_valid_uscc(employer, "expert.employer_uscc")
    profile = Expert(user=user, name=data["name"], employer_uscc=employer, employer_name=data.get("employer_name"))
    profile.specialties = [ExpertSpecialty(code=code) for code in sorted(set(data["specialties"]))]
    user.display_name = user.display_name or data["name"]
    db.session.add(profile)
    db.session.flush()
    return profile


COLUMNS = ("username", "name", "specialties", "employer_uscc", "employer_name", "conflicts", "password")
REQUIRED_COLUMNS = ("username", "name", "specialties")
SEPARATORS = re.compile(r"[\s,，;；、]+")
MISSING_COLUMNS = N_("needs the columns username, name and specialties")
__all__ = ["MAX_BYTES", "import_experts"]  # MAX_BYTES: the API and the page read at most this much


def _row_data(values):
    data = {"username": values.get("username", ""), "name": values.get("name", ""),
            "specialties": [c for c in SEPARATORS.split(values.get("specialties", "")) if c],
            "conflicts": [c for c in SEPARATORS.split(values.get("conflicts", "")) if c]}
    for name in ("employer_uscc", "employer_name", "password"):
        if values.get(name):
            data[name] = values[name]
    return data


def _import_row(actor, values):
    data = load_data(ImportRowIn(), _row_data(values))
    password = data.get("password")
    generated = password is None
    if generated:
        password = secrets.token_urlsafe(12)
    profile = {k: data[k] for k in ("name", "specialties", "employer_uscc", "employer_name") if k in data}
    user = create_user(actor, data["username"], password, "expert", profile=profile)
    for index, uscc in enumerate(dict.fromkeys(data["conflicts"])):
        try:
            add_conflict(actor, user.expert.id, uscc)
        except DomainError as err:  # the USCC's problem, named after its place in the column
            err.fields = {f"conflicts.{index}": [p for ps in err.fields.values() for p in ps]}
            raise
    return user, password if generated else None


def import_experts(actor, filename, content):
    """Create an expert account for each valid row; report the rows refused and why."""
    _require_center(actor)
    return import_rows(
        read_rows(filename, content, COLUMNS, REQUIRED_COLUMNS, MISSING_COLUMNS), lambda values: _import_row(actor, values),
        created=lambda number, values, result: {
            "row": number, "username": result[0].username, "expert_id": result[0].expert.id,
            "name": result[0].expert.name, "initial_password": result[1]},
        rejected=lambda number, values: {"row": number, "username": values.get("username") or None},
        # "expert.name" is the column "name"
        rename=lambda name: name.removeprefix("expert."))
