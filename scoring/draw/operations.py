"""The verifiable expert draw (专家抽取): eligibility, the seeded draw, accepting, declining and 补抽.

The draw is reproducible by anyone from the published seed and the eligible list: each eligible
expert id gets the key SHA-256("<seed>:<expert id>") and the experts are taken in ascending key
order (`draw_order`), the first as panel members, the next as reserves. No generator whose
stream could change between library versions is involved.
"""
import secrets
from datetime import timezone

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from core import clock
from core.auth import is_expert, is_party, oversees, require
from core.errors import N_, Code, Conflict, DomainError, NotFound, ValidationFailed, message
from core.extensions import db
from core.hashing import sha256_hex
from core.lifecycle import lock_row
from core.models import Organization
from core.notifications import notify, page_link
from core.timeutil import local_minute
from core.trail import record_event
from scoring.draw.models import PANEL_LIFECYCLE, Draw, PanelMember
from scoring.evaluation.models import ProjectEvaluation
from scoring.pool import specialty_name
from scoring.pool.models import Expert, ExpertConflict, ExpertSpecialty
from trading.blind.operations import require_blind_checks_settled
from trading.deposits.operations import require_deposits_checked
from trading.tender.models import Bid, Project, Signup
from trading.tender.operations import center_project
from trading.tender.operations.suspension import require_not_suspended

RESERVES = 2
SERVING = ("invited", "accepted")


def seed_commitment(seed):
    """The SHA-256 of the seed, recorded before the draw."""
    return sha256_hex(seed.encode("utf-8"))


def draw_order(seed, eligible_ids):
    """The eligible expert ids in the order the seed draws them."""
    return sorted(eligible_ids, key=lambda expert_id: sha256_hex(f"{seed}:{expert_id}".encode("utf-8")))


def new_seed():
    return secrets.token_hex(16)


def conflicted_usccs(project):
    """The purchasing unit and every organisation that signed up: experts employed by, or declaring a
    conflict with, any of them are excluded."""
    usccs = {project.purchaser.uscc}
    usccs.update(db.session.execute(
        select(Organization.uscc).join(Signup, Signup.organization_id == Organization.id)
        .where(Signup.project_id == project.id)
    ).scalars())
    return usccs


def eligible_expert_ids(project, exclude=()):
    """Active experts with the project's specialty and no conflict, sorted by id."""
    usccs = conflicted_usccs(project)
    conflicted = select(ExpertConflict.expert_id).where(ExpertConflict.uscc.in_(usccs))
    stmt = (
        select(Expert.id)
        .join(ExpertSpecialty, ExpertSpecialty.expert_id == Expert.id)
        .where(
            Expert.status == "active",
            ExpertSpecialty.code == project.evaluation.expert_specialty,
            Expert.employer_uscc.is_(None) | Expert.employer_uscc.not_in(usccs),
            Expert.id.not_in(conflicted),
        )
        .order_by(Expert.id)
    )
    excluded = set(exclude)
    return [expert_id for expert_id in db.session.execute(stmt).scalars() if expert_id not in excluded]


def panel_of(project):
    """Every drawn expert of the project, in draw order."""
    return db.session.execute(
        select(PanelMember).join(Draw).where(PanelMember.project_id == project.id)
        .options(contains_eager(PanelMember.draw), joinedload(PanelMember.expert), joinedload(PanelMember.sheet))
        .order_by(Draw.round, PanelMember.position)
    ).scalars().all()


def serving_members(project):
    return [m for m in panel_of(project) if m.is_member and m.status in SERVING]


def missing_members(project):
    return project.evaluation.panel_size - len(serving_members(project))


def _ensure_evaluation(project):
    """The evaluation record with its blind bid codes: the valid bids, ordered by their random ids."""
    record = db.session.execute(
        select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id)
    ).scalar_one_or_none()
    if record is None:
        bid_ids = db.session.execute(
            select(Bid.id).where(Bid.project_id == project.id, Bid.valid.is_(True)).order_by(Bid.id)
        ).scalars().all()
        record = ProjectEvaluation(
            project_id=project.id, status="scoring",
            bid_codes={f"B{n:02d}": bid_id for n, bid_id in enumerate(bid_ids, start=1)},
        )
        db.session.add(record)
        db.session.flush()
        record_event(record, "evaluation.started", None, None, {"status": "scoring", "bid_codes": record.bid_codes})
    return record


def last_draw(project):
    """The project's latest draw round, or None."""
    return db.session.scalar(select(Draw).where(Draw.project_id == project.id).order_by(Draw.round.desc()).limit(1))


def _run_round(project, actor, members_wanted, seed=None, evaluation_at=None, evaluation_place=None):
    """Draw `members_wanted` members and up to RESERVES reserves from the experts not drawn yet; the evaluation's
    time and place not given are the last round's."""
    drawn_ids = [m.expert_id for m in panel_of(project)]
    eligible = eligible_expert_ids(project, exclude=drawn_ids)
    if len(eligible) < members_wanted:
        raise DomainError(
            "not_enough_experts",
            "Only %(eligible)s eligible experts (specialty %(specialty)s, no conflict of interest) remain; "
            "%(wanted)s are needed.",
            eligible=len(eligible), wanted=members_wanted,
            specialty=project.evaluation.expert_specialty,
        )
    seed = seed or new_seed()
    commitment = seed_commitment(seed)
    rounds = db.session.execute(select(func.count(Draw.id)).where(Draw.project_id == project.id)).scalar()
    previous = last_draw(project)
    if previous is not None:
        evaluation_at = evaluation_at or previous.evaluation_at
        evaluation_place = evaluation_place or previous.evaluation_place
    # The commitment goes into the trail before the draw is made.
    record_event(project, "experts.draw_committed", actor, None, {"round": rounds + 1, "seed_commitment": commitment})
    order = draw_order(seed, eligible)
    reserves_wanted = min(RESERVES, len(eligible) - members_wanted)
    now = clock.now()
    draw = Draw(project_id=project.id, round=rounds + 1, seed=seed, seed_commitment=commitment,
                eligible_ids=eligible, members_wanted=members_wanted, reserves_wanted=reserves_wanted,
                drawn_at=now, drawn_by_id=getattr(actor, "id", None), evaluation_at=evaluation_at,
                evaluation_place=evaluation_place)
    db.session.add(draw)
    db.session.flush()
    members = []
    for position, expert_id in enumerate(order[:members_wanted + reserves_wanted], start=1):
        is_member = position <= members_wanted
        member = PanelMember(project_id=project.id, expert_id=expert_id, draw_id=draw.id, position=position,
                             role="member" if is_member else "reserve",
                             status="invited" if is_member else "reserve", invited_at=now if is_member else None)
        db.session.add(member)
        members.append(member)
    db.session.flush()
    # Sealed until the award: the members' ids (and the seed with the eligible list) would name the panel.
    record_event(project, "experts.drawn", actor, None, {
        "round": draw.round, "seed": seed, "seed_commitment": commitment, "eligible_ids": eligible,
        "members": [m.expert_id for m in members if m.is_member],
        "reserves": [m.expert_id for m in members if not m.is_member],
        "evaluation_at": evaluation_at, "evaluation_place": evaluation_place,
    }, sealed_scope=f"panel:{project.id}")
    _invite([m for m in members if m.is_member], project)
    return draw


def _invite(members, project):
    """The invitation says what the expert needs to go on; never a bidder or a price (暗标)."""
    for member in members:
        draw = member.draw
        notify([member.expert.user], "scoring.invitation", assignment_link(project), code=project.code,
               title=project.title, purchaser=project.purchaser.name, category=Code(project.category),
               specialty=_specialty_text(project.evaluation.expert_specialty),
               time=local_minute(draw.evaluation_at) if draw.evaluation_at else Code(TO_BE_ANNOUNCED),
               place=draw.evaluation_place or Code(TO_BE_ANNOUNCED))


def _specialty_text(code):
    """The specialty's name in the platform's language: a notification keeps its parameters as text, and a draw
    also runs outside a request (a decline's new round from the CLI, the demo seed)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return specialty_name(code)


def _evaluation_time_problems(evaluation_at, evaluation_place):
    problems = {}
    if evaluation_at is not None and evaluation_at < clock.now():
        problems["evaluation_at"] = [message("must not be in the past")]
    if evaluation_place is not None and not evaluation_place.strip():
        problems["evaluation_place"] = [message("must not be empty")]
    return problems


def draw_panel(actor, project_id, seed=None, evaluation_at=None, evaluation_place=None):
    """Draw the panel and its reserves after opening, or top up a panel short of members (补抽); the evaluation's
    time and place, when given, go into the invitations (else the last round's)."""
    project = center_project(actor, project_id)
    problems = _evaluation_time_problems(evaluation_at, evaluation_place)
    if problems:
        raise ValidationFailed(problems)
    if project.status != "opened":
        raise Conflict("wrong_status", "Experts are drawn only for an opened project; this one is %(status)s.",
                       status=Code(project.status))
    require_blind_checks_settled(project)
    require_deposits_checked(project)
    require_not_suspended(project)
    _ensure_evaluation(project)
    missing = missing_members(project)
    if missing <= 0:
        raise Conflict("already_drawn", "The panel of this project is already complete.")
    moment = evaluation_at.astimezone(timezone.utc) if evaluation_at else None  # recorded in UTC like the others
    place = evaluation_place.strip() if evaluation_place else None
    return _run_round(project, actor, missing, seed, moment, place)


def my_membership(actor, project_id):
    """The expert's own place on a project's panel (404 when not drawn for it)."""
    require(is_expert(actor), "not_an_expert", "Only experts of the pool can do this.")
    expert = actor.expert
    member = expert and db.session.execute(
        select(PanelMember).where(PanelMember.project_id == project_id, PanelMember.expert_id == expert.id,
                                  PanelMember.is_member)
    ).scalar_one_or_none()
    if member is None:
        raise NotFound("not_on_panel", "You are not on the panel of this project.")
    return member


def respond(actor, project_id, accept, reason=None):
    """The drawn expert accepts or declines; a decline brings in the next reserve, or a new draw."""
    member = my_membership(actor, project_id)
    project = db.session.get(Project, project_id, with_for_update=True)
    lock_row(member)
    if project.status != "opened":
        raise Conflict("wrong_status", "The evaluation of this project is over.")
    if member.status != "invited":
        raise Conflict("already_answered", "You have already answered this invitation.")
    if not accept and not (reason or "").strip():
        raise DomainError("reason_required", "Say why you decline.", fields={"reason": ["Required."]})
    decline_reason = None if accept else reason.strip()
    PANEL_LIFECYCLE.change(member, "accepted" if accept else "declined", actor,
                           "panel.accepted" if accept else "panel.declined",
                           changes={"responded_at": clock.now(), "decline_reason": decline_reason},
                           details={} if accept else {"reason": decline_reason})
    if not accept:
        member.expert.declines += 1
        _replace(project, member, actor)
    return member


def _replace(project, declined, actor):
    reserve = next((m for m in panel_of(project) if m.status == "reserve"), None)
    if reserve is None:
        try:
            with db.session.begin_nested():
                _run_round(project, actor, 1)
        except DomainError:
            pass  # the pool is exhausted: the panel stays short, and the center sees it
        return
    PANEL_LIFECYCLE.change(reserve, "invited", actor, "panel.promoted",
                           changes={"role": "member", "invited_at": clock.now(), "replaces_id": declined.id},
                           before={"role": "reserve"}, details={"role": "member", "replaces": declined.expert_id})
    _invite([reserve], project)


def replay_draws(project):
    """Re-run every draw round from its seed: [(draw, expected ids, recorded ids, ok)]."""
    rows = []
    for draw in db.session.execute(select(Draw).where(Draw.project_id == project.id).order_by(Draw.round)).scalars():
        expected = draw_order(draw.seed, draw.eligible_ids)[:draw.members_wanted + draw.reserves_wanted]
        recorded = db.session.execute(
            select(PanelMember.expert_id).where(PanelMember.draw_id == draw.id).order_by(PanelMember.position)
        ).scalars().all()
        ok = expected == recorded and seed_commitment(draw.seed) == draw.seed_commitment
        rows.append((draw, expected, recorded, ok))
    return rows


def panel_is_complete(project, members=None):
    """Every member the panel needs is drawn and has accepted (`members`: serving_members, if at hand)."""
    members = serving_members(project) if members is None else members
    return len(members) == project.evaluation.panel_size and all(m.status == "accepted" for m in members)


def names_visible(actor, project):
    """Expert names: the center and the supervisor; everyone else once the award is published."""
    if project.status == "awarded":
        return True
    return oversees(actor)


def follows_evaluation(project, actor):
    """The center, the supervisor and the purchasing unit from opening on; everyone once awarded."""
    if project.status == "awarded":
        return True
    if project.status not in ("opened", "evaluated") or actor is None:
        return False
    return is_party(actor, project)


def panel_for(actor, project_id):
    """(project, drawn members, draws) for those who follow the evaluation: the center, the supervisor
    and the purchasing unit (names hidden from it until the award), and everyone once awarded."""
    project = db.session.get(Project, project_id)
    if project is None or not follows_evaluation(project, actor):
        raise NotFound("not_found", "Project not found.")
    draws = db.session.execute(select(Draw).where(Draw.project_id == project.id).order_by(Draw.round)).scalars().all()
    return project, panel_of(project), draws


def my_assignments(actor):
    """The expert's panels, newest first: [(member, project)]."""
    require(is_expert(actor), "not_an_expert", "Only experts of the pool can do this.")
    if actor.expert is None:
        return []
    return db.session.execute(
        select(PanelMember, Project).join(Project, Project.id == PanelMember.project_id)
        .where(PanelMember.expert_id == actor.expert.id, PanelMember.is_member)
        .options(joinedload(PanelMember.draw), joinedload(PanelMember.sheet), joinedload(Project.purchaser))
        .order_by(PanelMember.invited_at.desc(), PanelMember.id.desc())
    ).all()


def todo(member, project):
    """What the expert has to do on this panel."""
    if project.status != "opened":
        return "closed"
    if member.status == "invited":
        return "respond"
    if member.status != "accepted":
        return "closed"
    state = member.sheet.status if member.sheet else "empty"
    return {"submitted": "done", "returned": "resubmit"}.get(state, "score")


def draw_row(draw):
    def row(member):
        return {"expert_id": member.expert_id, "name": member.expert.name}

    members = draw.members
    return {
        "round": draw.round, "seed": draw.seed, "seed_commitment": draw.seed_commitment,
        "eligible_ids": draw.eligible_ids,
        "evaluation_at": draw.evaluation_at, "evaluation_place": draw.evaluation_place,
        "panel": [row(m) for m in members if m.is_member],
        "reserves": [row(m) for m in members if not m.is_member],
    }


def panel_rows(actor, project, members, draws):
    """The panel as its viewer may see it: names and ids only where names are visible."""
    visible = names_visible(actor, project)
    rounds = {draw.id: draw.round for draw in draws}
    return {
        "project_id": project.id, "panel_size": project.evaluation.panel_size,
        "complete": panel_is_complete(project),
        "members": [{
            "id": m.id, "expert_id": m.expert_id if visible else None, "name": m.expert.name if visible else None,
            "label": m.label, "role": m.role, "status": m.status, "round": rounds[m.draw_id],
            "sheet": m.sheet_status,
        } for m in members],
        "draws": [{"round": d.round, "seed_commitment": d.seed_commitment, "seed": d.seed if visible else None,
                   "drawn_at": d.drawn_at, "evaluation_at": d.evaluation_at, "evaluation_place": d.evaluation_place}
                  for d in draws],
    }


def assignment_row(member, project):
    """What the expert sees of a panel: the project, the evaluation's time and place, what to do; no bidder."""
    return {
        "project_id": project.id, "project_code": project.code, "title": project.title,
        "purchaser": project.purchaser.name, "category": project.category,
        "specialty": project.evaluation.expert_specialty,
        "evaluation_at": member.draw.evaluation_at, "evaluation_place": member.draw.evaluation_place,
        "status": member.status,
        "sheet": member.sheet_status, "returned_reason": member.sheet.returned_reason if member.sheet else None,
        "todo": todo(member, project),
    }


# A time or place the center has not stated yet (a label: the reader's language).
TO_BE_ANNOUNCED = "evaluation_tba"

# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    # Invitations sent before the evaluation's time and place were stated: kept so that inboxes still read them.
    "scoring.invited": (N_("Evaluation panel: project %(code)s"),
                        N_("You have been drawn for the evaluation panel of project %(code)s “%(title)s”. "
                           "Please accept or decline.")),
    "scoring.invitation": (
        N_("Evaluation panel: project %(code)s"),
        N_("You have been drawn for the evaluation panel (specialty: %(specialty)s) of project %(code)s "
           "“%(title)s” (%(category)s) of the purchasing unit %(purchaser)s. Evaluation time: %(time)s; "
           "place: %(place)s. Please accept or decline on your panel page, and decline if you have a conflict of "
           "interest with the purchasing unit or a bidder. If you accept, bring your identity card and arrive "
           "15 minutes early to sign in.")),
    "scoring.sheet_returned": (N_("Score sheet returned: project %(code)s"),
                               N_("The trading center returned your score sheet for project %(code)s for correction: %(reason)s")),
    "scoring.candidates": (N_("Candidates published: project %(code)s"),
                           N_("The evaluation of project %(code)s “%(title)s” is complete; the winning candidates are "
                              "published until %(until)s.")),
    "scoring.awarded": (N_("Award published: project %(code)s"),
                        N_("Project %(code)s “%(title)s” has been awarded; the result notice is published.")),
}


def assignment_link(project):
    return page_link("sheets_web.assignment", project_id=project.id)


def evaluation_link(project):
    return page_link("evaluation_web.evaluation", project_id=project.id)
