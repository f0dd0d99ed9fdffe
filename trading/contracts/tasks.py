"""The award notice of record (中标通知书), stored when the project is awarded, and the reminders the day before
each contract deadline (a scheduled duty)."""
from core import clock, documents
from core.extensions import db
from core.pdf import pdf_bytes
from core.tasks import celery, each_in_turn
from trading.contracts import operations as contracts
from trading.tender.models import Project

AWARD_NOTICE = "award_notice"


def award_notice_name(project):
    return f"中标通知书-{project.code}.pdf"


def award_notice_context(project):
    record = project.evaluation_record
    return {"project": project, "contract": project.contract, "record": record, "winner": record.award_bid.organization}


def render_award_notice(document, progress):
    project = db.session.get(Project, document.object_id)
    return pdf_bytes("trading/contracts/award_notice_print.html", **award_notice_context(project))


def prepare_award_notice(project):
    return documents.prepare(AWARD_NOTICE, project, award_notice_name(project))


@celery.task(name="trading.contract_reminders")
def send_contract_reminders():
    """Remind the parties of each contract signing or payment due tomorrow, once (hourly on `celery beat`)."""
    return len(each_in_turn(contracts.reminders_due(clock.today()), contracts.remind))
