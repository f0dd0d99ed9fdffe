"""The opening record of record: rendered once the opening is done (the objection window closed, every objection
answered) and stored; the scheduled duty finds the openings that became done."""
from core import clock, documents
from core.extensions import db
from core.pdf import pdf_bytes
from core.tasks import celery, each_in_turn
from trading.hall import operations as hall
from trading.tender.models import Project

OPENING_RECORD = "opening_record"


def record_name(project):
    return f"开标记录表-{project.code}.pdf"


def render_opening_record(document, progress):
    project = db.session.get(Project, document.object_id)
    return pdf_bytes("trading/hall/opening_record_print.html", **hall.record_context(project))


def _store(project_id):
    project = db.session.get(Project, project_id)
    return documents.prepare(OPENING_RECORD, project, record_name(project))


@celery.task(name="trading.store_opening_records")
def store_opening_records():
    """Store the opening record of every project whose opening became done, one by one (every minute on
    `celery beat`)."""
    return len(each_in_turn(hall.openings_done_without(OPENING_RECORD, clock.now()), _store))
