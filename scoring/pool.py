"""Managing the expert pool (the trading center; supervisors read): profiles, active or suspended,
declared conflicts of interest. Plain functions taking the acting user; no request, no commit."""
from sqlalchemy import or_, select

from core.auth import acts_as_center, require
from core.errors import Conflict, NotFound, ValidationFailed
from core.extensions import db
from core.lifecycle import Lifecycle
from core.models import User
from core.trail import record_event
from core.uscc import require_valid_uscc
from scoring.models import Expert, ExpertConflict, ExpertSpecialty

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


def get_expert(expert_id, lock=False):
    stmt = select(Expert).where(Expert.id == expert_id)
    expert = db.session.scalar(stmt.with_for_update() if lock else stmt)
    if expert is None:
        raise NotFound("Expert not found.")
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
        raise NotFound("Conflict not found.")
    expert.conflicts.remove(conflict)
    db.session.flush()
    record_event(expert, "expert.conflict_removed", actor,
                 before={"conflict_id": conflict_id, "uscc": conflict.uscc, "note": conflict.note})
    return expert
