"""Evaluate (三合一 scoring of the submitted sheets), publish the candidates, award, and re-derive.

The stored result carries everything needed to recompute it: the settings, each bid's price and
credit score at opening, and each expert's raw technical total per bid code.
"""
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import numpy as np
from flask import current_app
from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from core import clock
from core.auth import is_party
from core.errors import N_, Code, Conflict, DomainError, Forbidden, NotFound
from core.extensions import db
from core.hashing import canonical_hash
from core.models import Organization
from core.money import format_money, format_money_display
from core.notifications import notify
from core.tasks import after_commit, anchor
from core.timeutil import isoformat, local_minute, to_local
from core.trail import batched
from core.web import label
from scoring import engine
from scoring.draw.models import Draw
from scoring.draw.operations import evaluation_link, names_visible, panel_is_complete, serving_members
from scoring.evaluation.models import EVALUATION_LIFECYCLE
from scoring.sheets.operations import bids_by_code, evaluation_record, sheet_entries
from trading.challenges.operations import require_no_pending_result_challenge
from trading.hall.operations import require_objections_settled
from trading.notices.operations import notice_text, publish_notice
from trading.tender.models import PROJECT_LIFECYCLE, Bid
from trading.tender.operations import center_project, get_project
from trading.tender.operations.suspension import require_not_suspended

CANDIDATES = 3
RATE_PLACES = Decimal("0.0001")


def _credit_at_opening(bid):
    if bid.credit_score is not None:
        return bid.credit_score
    return bid.organization.effective_credit_score(bid.project.opened_at.date())


def score_tensor(members, codes, criteria_count):
    """experts × bids × criteria from the submitted sheets."""
    cells = [[member.sheet.scores[code] for code in codes] for member in members]
    return np.array(cells, dtype=float).reshape(len(members), len(codes), criteria_count)


def compute(project, record, members):
    """Run the engine over the stored sheets: (codes, bids, Evaluation)."""
    settings = project.evaluation
    bids = bids_by_code(record)
    codes = list(bids)
    tensor = score_tensor(members, codes, len(settings.technical_criteria))
    result = engine.evaluate(
        tensor,
        [bid.price for bid in bids.values()],
        [_credit_at_opening(bid) for bid in bids.values()],
        np.ones(len(codes), dtype=bool),
        settings.weights, settings.price_method, settings.k, settings.up_deduction, settings.down_deduction,
        settings.trim, current_app.config["DEVIATION_THRESHOLD"],
        sme=[bool(bid.sme) for bid in bids.values()], sme_deduction=settings.sme_share,
    )
    return codes, list(bids.values()), result


def evaluation_price(project, bid):
    """The price the commercial part used: a small or micro enterprise's less the project's SME deduction
    (rounded half-up to the cent for people; the engine computes on the unrounded figure)."""
    if not bid.sme:
        return bid.price
    return (bid.price * (1 - project.evaluation.sme_share)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _result_document(project, codes, bids, members, evaluation):
    """The result in the api.md shape, plus what is needed to recompute it."""
    labels = [member.label for member in members]
    order = sorted(range(len(codes)), key=lambda i: (evaluation.rank[i], codes[i]))
    credit, technical, commercial, total, raw = (engine.rounded(part).tolist() for part in (
        evaluation.credit, evaluation.technical, evaluation.commercial, evaluation.total, evaluation.expert_totals))
    ranking = [{
        "rank": int(evaluation.rank[i]), "bid_id": bids[i].id, "code": codes[i],
        "bidder": bids[i].organization.name, "price": format_money(bids[i].price),
        "sme": bool(bids[i].sme), "evaluation_price": format_money(evaluation_price(project, bids[i])),
        "credit_score": float(_credit_at_opening(bids[i])),
        "credit": credit[i], "technical": technical[i], "commercial": commercial[i], "total": total[i],
        "experts": [{"expert": labels[e], "technical_raw": raw[e][i]} for e in range(len(members))],
    } for i in order]
    invalid = [{"bid_id": bid.id, "bidder": bid.organization.name,
                "price": None if bid.price is None else format_money(bid.price), "reason": bid.invalid_reason}
               for bid in db.session.scalars(
                   select(Bid).where(Bid.project_id == project.id, Bid.valid.is_(False)).order_by(Bid.id))]
    warnings = [{"code": "expert_score_deviation", "expert": labels[e], "bid_code": codes[b],
                 "deviation": float(Decimal(repr(float(d))).quantize(RATE_PLACES, ROUND_HALF_UP))}
                for e, b, d in zip(evaluation.warnings.expert, evaluation.warnings.bid, evaluation.warnings.deviation)]
    draws = db.session.scalars(select(Draw).where(Draw.project_id == project.id).order_by(Draw.round))
    return {
        "project_id": project.id, "project_code": project.code,
        "settings": project.evaluation.to_api(),
        "base_price": format_money(Decimal(repr(evaluation.base_price)).quantize(Decimal("0.01"), ROUND_HALF_UP)),
        "ranking": ranking, "invalid": invalid, "warnings": warnings,
        "draws": [{"round": d.round, "seed_commitment": d.seed_commitment, "seed": d.seed} for d in draws],
    }


def evaluate(actor, project_id):
    """All sheets submitted: score, rank, store the result, publish the top 3 as candidates."""
    project = center_project(actor, project_id)
    if project.status != "opened":
        raise Conflict("wrong_status", "Only an opened project can be evaluated; this one is %(status)s.",
                       status=Code(project.status))
    require_objections_settled(project, clock.now())
    require_not_suspended(project)
    record = evaluation_record(project)
    members = serving_members(project)
    if record is None or not panel_is_complete(project, members):
        raise Conflict("panel_incomplete", "The panel is not complete: every drawn member must have accepted.")
    missing = [m for m in members if m.sheet is None or m.sheet.status != "submitted"]
    if missing:
        raise Conflict("sheets_missing", "%(count)s of %(total)s score sheets are not submitted yet.",
                       count=len(missing), total=len(members))
    for number, member in enumerate(members, start=1):
        member.label = f"E{number}"
    codes, bids, evaluation = compute(project, record, members)
    document = _result_document(project, codes, bids, members, evaluation)
    now = clock.now()
    publicity_ends = now + timedelta(days=current_app.config["PUBLICITY_DAYS"])
    document["candidates"] = [row["bid_id"] for row in document["ranking"][:CANDIDATES]]
    document["publicity_ends_at"] = publicity_ends.isoformat()
    with batched():
        # The trail keeps the result's hash; the document itself is recomputable (verify_result).
        EVALUATION_LIFECYCLE.change(record, "evaluated", actor, "evaluation.evaluated",
                                    changes={"result": document, "evaluated_at": now, "publicity_ends_at": publicity_ends},
                                    details={"result_sha256": canonical_hash(document)})
        for e, member in enumerate(members):
            member.expert.panels_served += 1
            member.expert.deviation_warnings += int((evaluation.warnings.expert == e).sum())
        PROJECT_LIFECYCLE.change(project, "evaluated", actor, "project.evaluated",
                                 details={"candidates": document["candidates"]})
        publish_candidates_notice(project, record)
    after_commit(anchor)  # the events just recorded, anchored once they are committed
    notify(_parties(project, bids), "scoring.candidates", evaluation_link(project), code=project.code,
           title=project.title, until=publicity_ends.date().isoformat())
    return record


def _parties(project, valid_bids=None):
    """The purchasing unit and every organisation whose bid was opened (the valid bids' organisations
    may be given, already loaded)."""
    opened = select(Bid.organization_id).where(Bid.project_id == project.id)
    if valid_bids is None:
        opened, valid_bids = opened.where(Bid.valid.is_not(None)), []
    else:
        opened = opened.where(Bid.valid.is_(False))
    others = db.session.scalars(select(Organization).where(Organization.id.in_(opened)))
    return [project.purchaser, *(bid.organization for bid in valid_bids), *others]


def award(actor, project_id, bid_id=None, reason=None):
    """After the publicity period: award to rank 1, or to another candidate with a reason."""
    project = center_project(actor, project_id)
    record = evaluation_record(project)
    if project.status != "evaluated" or record is None:
        raise Conflict("wrong_status", "Only an evaluated project can be awarded; this one is %(status)s.",
                       status=Code(project.status))
    require_not_suspended(project)
    require_no_pending_result_challenge(project)
    if clock.now() < record.publicity_ends_at:
        raise Conflict("publicity_running", "The candidates are in publicity until %(until)s.",
                       until=local_minute(record.publicity_ends_at))
    candidates = record.result["candidates"]
    bid_id = candidates[0] if bid_id is None else bid_id
    if bid_id not in candidates:
        raise DomainError("not_a_candidate", "Only a published candidate can be awarded.",
                          fields={"bid_id": ["Not a candidate."]})
    reason = (reason or "").strip() or None
    if bid_id != candidates[0] and reason is None:
        raise DomainError("reason_required", "Awarding another candidate than the first needs a reason.",
                          fields={"reason": ["Required."]})
    bid = db.session.get(Bid, bid_id)
    savings = project.budget - bid.price
    rate = (savings / project.budget).quantize(RATE_PLACES, ROUND_HALF_UP)
    now = clock.now()
    members = serving_members(project)
    result = dict(record.result)
    result["award"] = {"bid_id": bid.id, "bidder": bid.organization.name, "amount": format_money(bid.price),
                       "savings": format_money(savings), "savings_rate": float(rate), "reason": reason,
                       "awarded_at": now.isoformat()}
    result["panel"] = [{"expert": m.label, "name": m.expert.name} for m in members]
    # Published with the award: each draw's seed and eligible list, from which anyone computes the panel.
    eligible = {d.round: d.eligible_ids for d in db.session.scalars(select(Draw).where(Draw.project_id == project.id))}
    result["draws"] = [{**d, "eligible_ids": eligible.get(d["round"], [])} for d in result["draws"]]
    EVALUATION_LIFECYCLE.change(record, "awarded", actor, "evaluation.awarded", changes={
        "result": result, "awarded_at": now, "award_bid_id": bid.id, "award_amount": bid.price, "savings": savings,
        "savings_rate": rate, "award_reason": reason,
    }, details={"award_bid_id": bid.id, "award_amount": bid.price, "savings": savings, "savings_rate": rate,
                "reason": reason})
    PROJECT_LIFECYCLE.change(project, "awarded", actor, "project.awarded",
                             details={"bid_id": bid.id, "amount": bid.price})
    publish_result_notice(project, record)
    after_commit(anchor)  # the events just recorded, anchored once they are committed
    notify(_parties(project), "scoring.awarded", evaluation_link(project), code=project.code, title=project.title)
    return record


def result_for(actor, project_id):
    """(project, record, the result as `actor` may read it): for the center, the purchasing unit and the
    supervisor; everyone once awarded. Before the award only the center and the supervisor read the draws'
    seeds: with a seed and the eligible list anyone computes the panel (domain.md: Experts)."""
    project = get_project(project_id, actor)
    record = evaluation_record(project)
    if record is None or record.result is None:
        raise NotFound("no_result", "This project has no evaluation result yet.")
    if record.status != "awarded" and not _sees_result_early(actor, project):
        raise Forbidden("result_not_public", "The result is public once the project is awarded.")
    return project, record, published_result(actor, project, record.result)


def published_result(actor, project, result):
    """The result without the draws' seeds for those who may not know the panel yet."""
    if names_visible(actor, project):
        return result
    return {**result, "draws": [{**draw, "seed": None} for draw in result.get("draws", ())]}


def _sees_result_early(actor, project):
    return is_party(actor, project)


def verify_result(project):
    """Recompute the ranking from the stored sheets: (ok, [differences])."""
    record = evaluation_record(project)
    if record is None or record.result is None:
        return False, ["no stored result"]
    members = sorted((m for m in serving_members(project) if m.label), key=lambda m: int(m.label[1:]))
    codes, bids, evaluation = compute(project, record, members)
    fresh = _result_document(project, codes, bids, members, evaluation)["ranking"]
    stored = record.result["ranking"]
    fields = ("rank", "bid_id", "code", "price", "sme", "evaluation_price", "credit", "technical", "commercial",
              "total", "experts")
    # A result stored before a field existed (sme, evaluation_price) is checked on the fields it has.
    differences = [
        f"{old.get('code')}: {name} stored {old.get(name)!r}, recomputed {new.get(name)!r}"
        for old, new in zip(stored, fresh) for name in fields if name in old and old.get(name) != new.get(name)
    ]
    if len(stored) != len(fresh):
        differences.append(f"{len(stored)} bids stored, {len(fresh)} recomputed")
    return not differences, differences


CANDIDATES_TITLE = N_("%(title)s: candidates notice")
CANDIDATES_BODY = N_("Project code: %(code)s\nPurchasing unit: %(purchaser)s\nWinning candidates, in rank order:\n"
                     "%(candidates)s\nPublicity until: %(until)s. Objections go to the trading center within this period.")
CANDIDATE_LINE = N_("%(rank)s. %(bidder)s, bid price %(price)s, total score %(total)s")
RESULT_TITLE = N_("%(title)s: result notice")
RESULT_BODY = N_("Project code: %(code)s\nPurchasing unit: %(purchaser)s\nWinning bidder: %(winner)s\n"
                 "Award amount: %(amount)s\nEvaluation panel: %(panel)s")
RESULT_REASON = N_("Not awarded to the first candidate because: %(reason)s")


def _candidates(result):
    return [row for row in result["ranking"] if row["bid_id"] in result["candidates"]]


def publish_candidates_notice(project, record):
    rows = _candidates(record.result)
    lines = "\n".join(notice_text(CANDIDATE_LINE, rank=row["rank"], bidder=row["bidder"],
                                  price=format_money_display(row["price"]), total=f"{row['total']:.2f}")
                      for row in rows)
    until = to_local(record.publicity_ends_at).strftime("%Y-%m-%d %H:%M")
    body = notice_text(CANDIDATES_BODY, code=project.code, purchaser=project.purchaser.name, candidates=lines,
                       until=until)
    return publish_notice(project, "candidates", notice_text(CANDIDATES_TITLE, title=project.title), body, {
        "code": project.code, "publicity_ends_at": isoformat(record.publicity_ends_at),
        "candidates": [{key: row[key] for key in ("rank", "bid_id", "bidder", "price", "total")} for row in rows],
    })


def publish_result_notice(project, record):
    award = record.result["award"]
    panel = [member["name"] for member in record.result["panel"]]
    body = notice_text(RESULT_BODY, code=project.code, purchaser=project.purchaser.name, winner=award["bidder"],
                       amount=format_money_display(award["amount"]), panel="、".join(panel))
    if award["reason"]:
        body += "\n" + notice_text(RESULT_REASON, reason=award["reason"])
    return publish_notice(project, "result", notice_text(RESULT_TITLE, title=project.title), body, {
        "code": project.code, "bid_id": award["bid_id"], "winner": award["bidder"],
        "amount": format_money(record.award_amount), "savings": format_money(record.savings),
        "savings_rate": float(record.savings_rate), "panel": panel,
    })


def report_context(project, record, result, visible):
    """The project, its panel (with the experts' names when `visible`), every expert's sheet, the ranking and the
    draw."""
    members = sorted((m for m in serving_members(project) if m.label), key=lambda m: int(m.label[1:]))
    panel = [{"label": m.label, "name": m.expert.name if visible else None,
              "sheet": sheet_entries(m.sheet)} for m in members]
    return {"project": project, "record": record, "result": result, "panel": panel,
            "criteria": project.evaluation.technical_criteria, "names_visible": visible}


def report_workbook(context):
    """The full result as an Excel workbook in the platform's language: ranking, every expert's sheet, warnings,
    the draw; prices and scores as numbers (prices formatted as money), so that they can be summed and sorted."""
    result, project = context["result"], context["project"]
    book = Workbook()
    bold = Font(bold=True)

    def sheet(title, header, first=None):
        page = book.active if first else book.create_sheet()
        page.title = title
        if first:
            page.append(first)
        page.append(header)
        for cell in page[page.max_row]:
            cell.font = bold
        return page

    def money(value):
        return None if value in (None, "") else Decimal(value)

    experts = [e["expert"] for e in (result["ranking"][0]["experts"] if result["ranking"] else [])]
    ranking = sheet(gettext("Ranking"), [
        gettext("Rank"), gettext("Bid code"), gettext("Bidder"), gettext("Bid price"), gettext("SME"),
        gettext("Evaluation price"), gettext("Credit score at opening"), gettext("Credit"), gettext("Technical"),
        gettext("Commercial"), gettext("Total"), *experts], first=[project.code, project.title])
    for row in result["ranking"]:
        ranking.append([row["rank"], row["code"], row["bidder"], money(row["price"]),
                        gettext("Yes") if row.get("sme") else "", money(row.get("evaluation_price", row["price"])),
                        row["credit_score"], row["credit"], row["technical"], row["commercial"], row["total"],
                        *[e["technical_raw"] for e in row["experts"]]])
    for row in result["invalid"]:
        ranking.append(["—", "", row["bidder"], money(row["price"]), "", "", "", "", "", "", label(row["reason"])])
    if result.get("award"):
        award = result["award"]
        ranking.append([])
        ranking.append([gettext("Awarded to"), award["bidder"], money(award["amount"]), gettext("Savings"),
                        money(award["savings"]), gettext("Savings rate"), award["savings_rate"]])
    for cells in ranking.iter_rows(min_row=3):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    scores = sheet(gettext("Score sheets"), [gettext("Expert"), gettext("Expert name"), gettext("Bid code"),
                                              *[c.name for c in context["criteria"]], gettext("Comment")])
    for member in context["panel"]:
        for entry in member["sheet"]:
            scores.append([member["label"], member["name"] or "", entry["code"], *entry["criteria"], entry["comment"] or ""])
    warnings = sheet(gettext("Score deviation warnings"), [gettext("Warning"), gettext("Expert"), gettext("Bid code"),
                                                      gettext("Deviation")])
    for warning in result["warnings"]:
        warnings.append([label(warning["code"]), warning["expert"], warning["bid_code"], warning["deviation"]])
    draws = sheet(gettext("Expert draw"), [gettext("Round"), gettext("Seed commitment"), gettext("Seed")])
    for item in result["draws"]:
        draws.append([item["round"], item["seed_commitment"], item["seed"]])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
