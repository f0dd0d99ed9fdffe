"""Blind score sheets (暗标评审): the panel sees the valid bids by code only and scores each criterion.

A sheet maps bid codes to criterion values (JSON numbers with at most 2 decimals) and comments; the expert
saves drafts, then submits it (final); the center can return a submitted sheet before evaluating.
Every save is in the trail, so verification can compare the sheets with their chains.
"""
import base64
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from core import clock
from core.auth import acts_as_center, require
from core.errors import Conflict, DomainError, NotFound, ValidationFailed, message
from core.extensions import db
from core.hashing import sha256_hex
from core.lifecycle import lock_row
from core.notifications import notify
from core.trail import record_event
from scoring.draw.models import PanelMember
from scoring.draw.operations import assignment_link, my_membership, serving_members
from scoring.evaluation.models import ProjectEvaluation
from scoring.sheets.models import SHEET_LIFECYCLE, ScoreSheet
from trading.blind.operations import technical_part
from trading.hall.operations import require_objections_settled
from trading.tender.models import Bid, Project
from trading.tender.operations.bid_sealing import unseal_bid
from trading.tender.operations.suspension import require_not_suspended


def sheet_entries(sheet):
    """The sheet's values per bid code, as numbers."""
    return [{
        "code": code, "criteria": [None if v is None else float(v) for v in values],
        "comment": sheet.comments.get(code),
    } for code, values in sorted(sheet.scores.items())]


TWO_PLACES = Decimal("0.01")


def evaluation_record(project):
    return db.session.execute(
        select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id)
    ).scalar_one_or_none()


def bids_by_code(record, content=False):
    """Bid code → Bid, in code order; with the sealed content only when asked (the panel reads it)."""
    options = [joinedload(Bid.organization)] + ([] if content else [defer(Bid.ciphertext)])
    bids = {bid.id: bid for bid in db.session.execute(
        select(Bid).where(Bid.id.in_(record.bid_codes.values())).options(*options)
    ).scalars()}
    return {code: bids[bid_id] for code, bid_id in sorted(record.bid_codes.items())}


def _scoring_member(actor, project_id):
    """The accepted panel member scoring an opened project."""
    member = my_membership(actor, project_id)
    project = db.session.get(Project, project_id)
    if project.status != "opened":
        raise Conflict("scoring_closed", "The scoring of this project is closed.")
    if member.status != "accepted":
        raise Conflict("accept_first", "Accept the invitation before scoring.")
    return project, member


def _blind_bid(project, code, bid):
    """What the panel may see of a bid: its code, technical proposal and technical documents; no name, no
    price."""
    payload = unseal_bid(project, bid.ciphertext) or {"content": {}, "documents": []}
    documents = [
        {"number": number, "name": doc["name"], "size": len(base64.b64decode(doc["content_base64"])),
         "sha256": sha256_hex(base64.b64decode(doc["content_base64"]))}
        for number, doc in enumerate(technical_part(payload), start=1)
    ]
    return {"code": code, "technical_proposal": payload["content"].get("technical_proposal", ""),
            "documents": documents}


def blind_bids(actor, project_id):
    """(project, member, sheet, criteria, bids) for the expert's score sheet."""
    project, member = _scoring_member(actor, project_id)
    record = evaluation_record(project)
    bids = [_blind_bid(project, code, bid) for code, bid in bids_by_code(record, content=True).items()]
    return project, member, sheet_of(member), project.evaluation.technical_criteria, bids


def blind_document(actor, project_id, code, number):
    """A technical document of a bid, for the panel: (name, content)."""
    project, _ = _scoring_member(actor, project_id)
    bid = bids_by_code(evaluation_record(project), content=True).get(code)
    payload = bid and unseal_bid(project, bid.ciphertext)
    documents = technical_part(payload) if payload else []
    if not 1 <= number <= len(documents):
        raise NotFound("document_not_found", "No such document.")
    doc = documents[number - 1]
    return doc["name"], base64.b64decode(doc["content_base64"])


def sheet_of(member):
    """The member's sheet, created empty on first use."""
    if member.sheet is None:
        member.sheet = ScoreSheet(project_id=member.project_id, status="draft", scores={}, comments={},
                                  updated_at=clock.now())
        db.session.add(member.sheet)
        db.session.flush()
    return member.sheet


def _value(raw, maximum):
    """A criterion value: a number within 0..maximum with at most two decimals (None: left empty)."""
    if raw is None or raw == "":
        return None, None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None, message("Enter a number.")
    if not value.is_finite():
        return None, message("Enter a number.")
    if not Decimal(0) <= value <= maximum:
        return None, message("Must be between 0 and %(max)s.", max=str(maximum))
    if value.as_tuple().exponent < -2 and value != value.quantize(TWO_PLACES):
        return None, message("Use at most two decimals.")
    return float(value), None


def _check_entries(entries, codes, criteria):
    """Parse [{code, criteria: [...], comment}] into ({code: values}, {code: comment}); 422 on problems."""
    values, comments, problems = {}, {}, {}
    for entry in entries:
        code = entry["code"]
        if code not in codes:
            problems.setdefault(code, []).append(message("No bid has this code."))
            continue
        raw = list(entry.get("criteria") or [])
        if len(raw) != len(criteria):
            problems.setdefault(code, []).append(
                message("Give %(count)s values, one per criterion.", count=len(criteria)))
            continue
        parsed = []
        for criterion, item in zip(criteria, raw):
            value, problem = _value(item, criterion.max)
            if problem:
                problems.setdefault(f"{code}.{criterion.name}", []).append(problem)
            parsed.append(value)
        values[code] = parsed
        if entry.get("comment") is not None:
            comments[code] = entry["comment"].strip()
    if problems:
        raise ValidationFailed(problems, "Some scores are invalid; nothing was saved.")
    return values, comments


def save_scores(actor, project_id, entries, submit=False):
    """Save the expert's scores as a draft, or submit the sheet (every value of every bid given)."""
    project, member = _scoring_member(actor, project_id)
    require_objections_settled(project, clock.now())
    require_not_suspended(project)
    sheet = sheet_of(member)
    lock_row(sheet)
    if sheet.status == "submitted":
        raise Conflict("sheet_submitted", "This sheet is submitted; it can change only if the center returns it.")
    codes = sorted(evaluation_record(project).bid_codes)
    criteria = project.evaluation.technical_criteria
    values, comments = _check_entries(entries, codes, criteria)
    scores = {**sheet.scores, **values}
    if submit:
        incomplete = [code for code in codes if None in scores.get(code, [None])]
        if incomplete:
            raise DomainError(
                "sheet_incomplete", "Score every criterion of every bid before submitting: %(codes)s.",
                fields={code: [message("Every criterion needs a value.")] for code in incomplete},
                codes=incomplete,
            )
    now = clock.now()
    sheet.scores = scores
    sheet.comments = {**sheet.comments, **comments}
    sheet.updated_at = now
    if submit:
        SHEET_LIFECYCLE.change(sheet, "submitted", actor, "sheet.submitted", changes={"submitted_at": now},
                               details={"scores": sheet.scores, "comments": sheet.comments})
    else:
        record_event(sheet, "sheet.saved", actor, {"status": sheet.status},
                     {"status": sheet.status, "scores": sheet.scores, "comments": sheet.comments})
    return sheet


def center_sheet(actor, project_id, member_id):
    require(acts_as_center(actor), "not_center", "Only the trading center can do this.")
    member = db.session.get(PanelMember, member_id)
    if member is None or member.project_id != project_id or member.sheet is None:
        raise NotFound("sheet_not_found", "No such score sheet.")
    return member.sheet


def return_sheet(actor, project_id, member_id, reason):
    """The center sends a submitted sheet back to its expert for correction (退回修改), before evaluating."""
    sheet = center_sheet(actor, project_id, member_id)
    project = db.session.get(Project, project_id, with_for_update=True)
    if project.status != "opened":
        raise Conflict("wrong_status", "Sheets can be returned only before the evaluation.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", "Say why the sheet is returned.", fields={"reason": ["Required."]})
    lock_row(sheet)
    if sheet.status != "submitted":
        raise Conflict("sheet_not_submitted", "Only a submitted sheet can be returned.")
    SHEET_LIFECYCLE.change(sheet, "returned", actor, "sheet.returned",
                           changes={"returned_reason": reason, "returned_at": clock.now()}, details={"reason": reason})
    notify([sheet.member.expert.user], "scoring.sheet_returned", assignment_link(project), code=project.code,
           reason=reason)
    return sheet


def sheet_states(project):
    """Each serving member with its sheet's status: what the center waits for."""
    return [(member, member.sheet_status) for member in serving_members(project)]
