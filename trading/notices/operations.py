"""Typed public notices (公告): tender, change, candidates, result, failed.

Any module publishes one with `publish_notice(project, type, title, body, data=None)` (flush,
never commit); the notice list, its API and each project's history read them back.
"""
from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from core import clock
from core.errors import N_, NotFound
from core.extensions import db
from core.money import format_money, format_money_display
from core.timeutil import isoformat, to_local
from core.web import label
from trading.notices.models import NOTICE_TYPES, Notice


def publish_notice(project, type, title, body, data=None):
    """Publish a notice of `type` about `project` now; return it (flushed)."""
    if type not in NOTICE_TYPES:
        raise ValueError(f"unknown notice type {type!r}")
    notice = Notice(type=type, project_id=project.id, title=title, body=body, data=data,
                    published_at=clock.now())
    db.session.add(notice)
    db.session.flush()
    return notice


def search_notices(type=None, project_id=None, q=None):
    """Select statement: notices newest first, by type, project, or title/project code."""
    from trading.tender.models import Project

    stmt = select(Notice).join(Project, Notice.project_id == Project.id)
    if type:
        stmt = stmt.where(Notice.type == type)
    if project_id is not None:
        stmt = stmt.where(Notice.project_id == project_id)
    if q and q.strip():
        pattern = f"%{q.strip()}%"
        stmt = stmt.where(Notice.title.ilike(pattern) | Project.code.ilike(pattern))
    return stmt.order_by(Notice.published_at.desc(), Notice.id.desc())


def project_notices(project):
    """A project's notice history, oldest first."""
    return db.session.scalars(
        select(Notice).where(Notice.project_id == project.id).order_by(Notice.published_at, Notice.id)
    ).all()


def get_notice(notice_id):
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("notice_not_found", "Notice not found.")
    return notice


TENDER_TITLE = N_("%(title)s: tender notice")
TENDER_BODY = N_("Project code: %(code)s\nPurchasing unit: %(purchaser)s\nCategory: %(category)s\n"
                 "Procurement method: %(method)s\nBudget: %(budget)s\nCeiling price: %(ceiling)s\n"
                 "Bid deposit: %(deposit)s\nSign-up deadline: %(signup_deadline)s\n"
                 "Bid deadline and opening: %(bid_deadline)s\nContact: %(contact)s")
CHANGE_TITLE = N_("%(title)s: change notice")
CHANGE_BODY = N_("Project code: %(code)s\nChange: %(summary)s\nSign-up deadline: %(signup_deadline)s\n"
                 "Bid deadline and opening: %(bid_deadline)s")
CHANGE_POSTPONED = N_("The bid deadline was postponed from %(before)s to %(after)s to leave the minimum "
                      "clarification period.")
FAILED_TITLE = N_("%(title)s: termination notice")
FAILED_BODY = N_("Project code: %(code)s\nPurchasing unit: %(purchaser)s\nThe procurement was terminated: %(reason)s")


def _local(moment):
    return "" if moment is None else to_local(moment).strftime("%Y-%m-%d %H:%M")


def notice_text(template, **params):
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return gettext(template, **params)


def _reason(code):
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return label(code)


def _deadlines(project):
    return {"signup_deadline": isoformat(project.signup_deadline), "bid_deadline": isoformat(project.bid_deadline)}


def publish_tender_notice(project):
    """招标公告, at publication."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = gettext(
            TENDER_BODY, code=project.code, purchaser=project.purchaser.name, category=label(project.category),
            method=label(project.method), budget=format_money_display(project.budget),
            ceiling=format_money_display(project.ceiling_price), deposit=format_money_display(project.deposit),
            signup_deadline=_local(project.signup_deadline), bid_deadline=_local(project.bid_deadline),
            contact=" ".join(filter(None, (project.responsible_person, project.responsible_phone))))
    return publish_notice(project, "tender", notice_text(TENDER_TITLE, title=project.title), body,
                          {"code": project.code, "budget": format_money(project.budget),
                           **_deadlines(project)})


def publish_change_notice(project, summary, postponed_from=None):
    """变更公告, for an amendment; states the deadlines after it."""
    body = notice_text(CHANGE_BODY, code=project.code, summary=summary, signup_deadline=_local(project.signup_deadline),
                 bid_deadline=_local(project.bid_deadline))
    if postponed_from is not None:
        body += "\n" + notice_text(CHANGE_POSTPONED, before=_local(postponed_from), after=_local(project.bid_deadline))
    return publish_notice(project, "change", notice_text(CHANGE_TITLE, title=project.title), body,
                          {"code": project.code, "summary": summary, "postponed": postponed_from is not None,
                           **_deadlines(project)})


def publish_failed_notice(project, reason):
    """流标/终止公告, at failure or cancellation after publication."""
    reason_text = _reason(reason)
    body = notice_text(FAILED_BODY, code=project.code, purchaser=project.purchaser.name, reason=reason_text)
    return publish_notice(project, "failed", notice_text(FAILED_TITLE, title=project.title), body,
                          {"code": project.code, "status": project.status, "reason": reason})
