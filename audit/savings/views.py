"""Pages of the savings report: filters, the table with its chart, the transactions behind each figure, and the
workbook."""
import tempfile

from flask import Blueprint, render_template, request
from werkzeug.wsgi import wrap_file

from audit.savings import operations as savings
from audit.savings.operations.workbook import write_workbook
from audit.savings.schemas import RowsQuery, SavingsQuery
from core import clock
from core.auth import page_roles, page_user
from core.pdf import download_response
from core.schemas import load_filters

web = Blueprint("audit_savings", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(user, start, end):
    """The workbook, written to a temporary file and streamed from it."""
    savings.require_reader(user)
    out = tempfile.TemporaryFile()
    write_workbook(out, start, end)
    out.seek(0)
    return download_response(wrap_file(request.environ, out), f"节约资金-{clock.today().isoformat()}.xlsx", XLSX)


@web.get("/audit/savings")
@page_roles("admin", "supervisor")
def report():
    filters = load_filters(SavingsQuery())
    result = savings.savings_report(page_user(), filters["group_by"], filters["start"], filters["end"],
                                    filters["channel"])
    return render_template("audit/savings/report.html", report=result, filters=filters,
                           groupings=savings.GROUPINGS, channels=savings.CHANNELS)


@web.get("/audit/savings/rows")
@page_roles("admin", "supervisor")
def rows():
    filters = load_filters(RowsQuery())
    stmt = savings.rows_behind(page_user(), filters["group_by"], filters["key"], filters["start"], filters["end"],
                               filters["channel"])
    page = savings.rows_page(stmt, filters["page"], filters["per_page"])
    return render_template("audit/savings/rows.html", page=page, filters=filters)


@web.get("/audit/savings.xlsx")
@page_roles("admin", "supervisor")
def workbook():
    filters = load_filters(SavingsQuery())
    return workbook_response(page_user(), filters["start"], filters["end"])
