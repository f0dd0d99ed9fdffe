"""The evaluation report and the result workbook of record: stored when the panel's result is final (version 1,
read by the center and the supervisor until the award) and again with the award (version 2, public with it)."""
from core import documents
from core.extensions import db
from core.pdf import of_record, pdf_bytes
from core.trail import batched
from scoring.evaluation.operations import report_context, report_workbook
from trading.tender.models import Project

EVALUATION_REPORT = "evaluation_report"
RESULT_WORKBOOK = "result_workbook"


def document_names(project):
    return {EVALUATION_REPORT: f"评标报告-{project.code}.pdf", RESULT_WORKBOOK: f"评标结果-{project.code}.xlsx"}


def _context(document):
    project = db.session.get(Project, document.object_id)
    record = project.evaluation_record
    return report_context(project, record, record.result, visible=True)


def render_report(document, progress):
    return pdf_bytes("scoring/evaluation/report.html", **_context(document))


def render_workbook(document, progress):
    with of_record():
        return report_workbook(_context(document))


def store_result_documents(record, event):
    """The result became final (evaluated) or was completed by the award: store its documents anew."""
    with batched():  # their events in one statement
        for kind, name in document_names(record.project).items():
            documents.prepare(kind, record.project, name)
