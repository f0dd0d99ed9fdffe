"""Pages of the savings report: filters, the table with its chart, the transactions behind each figure, and the
workbook (an export followed on its own page)."""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import get_locale

from audit.savings import operations as savings
from audit.savings.operations import workbook
from audit.savings.schemas import RowsQuery, SavingsQuery
from core.auth import page_roles, page_user
from core.schemas import load_filters

web = Blueprint("audit_savings", __name__)


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


@web.post("/audit/savings/export")
@page_roles("admin", "supervisor")
def export():
    """The workbook of the shown period, written by a task: its page follows the progress."""
    filters = load_filters(SavingsQuery())  # the period shown, in the form's URL
    document = workbook.request_workbook(page_user(), filters["start"], filters["end"], get_locale())
    return redirect(url_for("stored_documents.document_page", document_id=document.id), 303)
