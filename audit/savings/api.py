"""JSON API of the savings report, its workbook and the transactions behind a figure."""
import tempfile

from flask import Blueprint, request
from flask_babel import get_locale
from werkzeug.wsgi import wrap_file

from audit.savings import operations as savings
from audit.savings.operations import workbook as workbooks
from audit.savings.schemas import RowsQuery, SavingsOut, SavingsQuery, TransactionOut, dump_report
from core import clock
from core.auth import api_roles, api_user
from core.documents import StoredDocumentOut
from core.openapi import doc
from core.pdf import download_response
from core.schemas import load_args

api = Blueprint("audit_savings_api", __name__, url_prefix="/api/v1")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@api.get("/audit/savings")
@api_roles("admin", "supervisor")
@doc("Savings against budget (节约资金) by channel, category, method, purchasing unit or month, with totals; "
     "unverified savings apart", response=SavingsOut, query=SavingsQuery)
def report():
    args = load_args(SavingsQuery())
    return dump_report(savings.savings_report(api_user(), args["group_by"], args["start"], args["end"],
                                              args["channel"]))


@api.get("/audit/savings/rows")
@api_roles("admin", "supervisor")
@doc("The transactions behind a figure of the report (a grouping's row, or all)", response=TransactionOut,
     query=RowsQuery, paginated=True)
def rows():
    args = load_args(RowsQuery())
    stmt = savings.rows_behind(api_user(), args["group_by"], args["key"], args["start"], args["end"],
                               args["channel"])
    page = savings.rows_page(stmt, args["page"], args["per_page"])
    return {"items": [TransactionOut().dump(row) for row in page.items], "page": page.page,
            "per_page": page.per_page, "total": page.total}


@api.get("/audit/savings.xlsx")
@api_roles("admin", "supervisor")
@doc("The savings report as an Excel workbook: a sheet per grouping, the unverified savings, every transaction",
     query=SavingsQuery, file="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
def workbook():
    args = load_args(SavingsQuery())
    savings.require_reader(api_user())
    out = tempfile.TemporaryFile()
    workbooks.write_workbook(out, args["start"], args["end"])
    out.seek(0)
    return download_response(wrap_file(request.environ, out), f"节约资金-{clock.today().isoformat()}.xlsx", XLSX)


@api.post("/audit/savings/exports")
@api_roles("admin", "supervisor")
@doc("The savings workbook of the period, written by a background task: 202 with the export to follow at "
     "GET /api/v1/documents/{id} (its progress, then its file)", response=StoredDocumentOut, query=SavingsQuery,
     status=202)
def export():
    args = load_args(SavingsQuery())
    document = workbooks.request_workbook(api_user(), args["start"], args["end"], get_locale())
    return StoredDocumentOut().dump(document), 202
