"""What an upheld complaint changes, each through the platform's own lifecycles: a new evaluation round on the same
bids (re_evaluate), the procurement terminated with a copy drafted for a new one (re_tender), or the award withdrawn
(award_annulled). The old result stays in the trail. No request, no commit."""
from core import clock
from core.errors import Code, Conflict
from core.hashing import canonical_hash
from core.notifications import notify
from core.trail import record_event
from scoring.draw.operations import assignment_link, serving_members
from scoring.evaluation.models import EVALUATION_LIFECYCLE
from scoring.sheets.models import SHEET_LIFECYCLE
from scoring.sheets.operations import evaluation_record
from trading.contracts.operations import annul_contract
from trading.notices.operations import publish_failed_notice
from trading.tender.models import PROJECT_LIFECYCLE
from trading.tender.operations import EDITABLE_FIELDS, create_project

REASON = "complaint_upheld"
AWARD_FIELDS = ("award_bid_id", "award_amount", "savings", "savings_rate", "award_reason", "awarded_at")


def _not_applicable(project, consequence):
    return Conflict("consequence_not_applicable", "%(consequence)s cannot be carried out while the project is "
                    "%(status)s.", consequence=Code(f"consequence.{consequence}"), status=Code(project.status))


def _annul_open_contract(project, actor):
    if project.contract is not None and project.contract.status != "annulled":
        annul_contract(project.contract, actor, REASON)


def _withdraw_award(record, actor, complaint, target, action, extra=None):
    """The evaluation record back to `target`, its award cleared; the trail keeps what it replaces."""
    old = record.result or {}
    cleared = {name: None for name in AWARD_FIELDS}
    result = {key: value for key, value in old.items() if key != "award"} if target == "evaluated" else None
    EVALUATION_LIFECYCLE.change(
        record, target, actor, action, changes={**cleared, "result": result, **(extra or {})},
        details={name: None for name in ("award_bid_id", "award_amount", "savings", "savings_rate")}
        | {"complaint_id": complaint.id},
        before={"award_bid_id": record.award_bid_id, "award_amount": record.award_amount,
                "result_sha256": canonical_hash(old) if old else None, "result": old})


def re_evaluate(actor, project, complaint):
    """A new evaluation round on the same bids: the project back to opened, the evaluation record back to scoring,
    each submitted sheet returned to its expert for re-scoring; the same panel scores again and the center
    evaluates anew."""
    record = evaluation_record(project)
    if project.status not in ("evaluated", "awarded") or record is None:
        raise _not_applicable(project, "re_evaluate")
    _annul_open_contract(project, actor)
    _withdraw_award(record, actor, complaint, "scoring", "evaluation.reopened",
                    {"evaluated_at": None, "publicity_ends_at": None})
    now = clock.now()
    experts = []
    for member in serving_members(project):
        sheet = member.sheet
        if sheet is not None and sheet.status == "submitted":
            SHEET_LIFECYCLE.change(sheet, "returned", actor, "sheet.returned",
                                   changes={"returned_reason": REASON, "returned_at": now},
                                   details={"reason": REASON, "complaint_id": complaint.id})
            experts.append(member.expert.user)
    PROJECT_LIFECYCLE.change(project, "opened", actor, "project.reopened",
                             details={"reason": REASON, "complaint_id": complaint.id})
    notify(experts, "scoring.sheet_returned", assignment_link(project), code=project.code,
           reason=complaint.decision_text or REASON)
    return None


def re_tender(actor, project, complaint):
    """The procurement terminated (its termination notice published) and a copy drafted for its purchasing unit
    to register again; returns the draft."""
    if project.status not in ("published", "opened", "evaluated", "awarded"):
        raise _not_applicable(project, "re_tender")
    _annul_open_contract(project, actor)
    record = evaluation_record(project)
    if record is not None and record.status == "awarded":
        _withdraw_award(record, actor, complaint, "evaluated", "evaluation.award_annulled")
    PROJECT_LIFECYCLE.change(project, "failed", actor, "project.failed", {"closed_reason": REASON},
                             {"reason": REASON, "complaint_id": complaint.id})
    publish_failed_notice(project, REASON)
    data = {name: getattr(project, name) for name in EDITABLE_FIELDS}
    draft = create_project(project.created_by, data)
    record_event(draft, "project.redrafted", actor, after={"from_project_id": project.id,
                                                           "complaint_id": complaint.id})
    return draft


def award_annulled(actor, project, complaint):
    """The award withdrawn: the project back to evaluated, so that the center awards the next candidate or
    decides again; an open contract awaiting signature is annulled."""
    record = evaluation_record(project)
    if project.status != "awarded" or record is None:
        raise _not_applicable(project, "award_annulled")
    _annul_open_contract(project, actor)
    _withdraw_award(record, actor, complaint, "evaluated", "evaluation.award_annulled")
    PROJECT_LIFECYCLE.change(project, "evaluated", actor, "project.award_annulled",
                             details={"reason": REASON, "complaint_id": complaint.id})
    return None


CARRY_OUT = {"re_evaluate": re_evaluate, "re_tender": re_tender, "award_annulled": award_annulled}
