"""The savings report as an Excel workbook (savings.xlsx): a sheet per grouping with its totals, the unverified
savings apart, and every transaction. Written by openpyxl in write-only mode, row by row from the database, so
a province's year takes the same memory as a county's month. Headers in the reader's language."""
import shutil
import tempfile
from datetime import date, datetime
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from audit.savings.operations import GROUPINGS, labelled, require_reader, totals, transaction_rows
from core import clock, documents
from core.web import label

FIXED_TIME = datetime(2000, 1, 1)
MONEY = "#,##0.00"
RATE = "0.00%"


def _titles():
    return {"channel": _("By channel"), "category": _("By category"), "method": _("By method"),
            "purchaser": _("By purchasing unit"), "month": _("By month"), "year": _("By year")}


def _cell(sheet, value, number_format=None, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _figures_cells(sheet, figures, bold=False):
    rate = None if figures.savings_rate is None else float(figures.savings_rate)
    return [_cell(sheet, figures.count, bold=bold), _cell(sheet, figures.budget_total, MONEY, bold),
            _cell(sheet, figures.deal_total, MONEY, bold), _cell(sheet, figures.savings, MONEY, bold),
            _cell(sheet, rate, RATE, bold)]


def _header(sheet, first):
    sheet.append([_cell(sheet, text, bold=True) for text in (
        first, _("Transactions"), _("Budget"), _("Deal amount"), _("Savings"), _("Savings rate"))])


def write_workbook(out, start=None, end=None, progress=None):
    """Write the workbook for the period to the binary file `out`, telling `progress(fraction)` as each sheet is
    done."""
    book = Workbook(write_only=True)
    # The same figures give the same bytes (see _StableZip): no time in the file's properties either.
    book.properties.created = book.properties.modified = FIXED_TIME
    steps = len(GROUPINGS) + 1
    for step, group_by in enumerate(GROUPINGS):
        if progress:
            progress(step / steps)
        sheet = book.create_sheet(_titles()[group_by])
        sheet.column_dimensions["A"].width = 36
        _header(sheet, _titles()[group_by])
        for key, name, figures in labelled(group_by, start, end):
            sheet.append([_cell(sheet, name or label(key)), *_figures_cells(sheet, figures)])
        sheet.append([_cell(sheet, _("Total"), bold=True), *_figures_cells(sheet, totals(start, end), bold=True)])
    sheet = book.create_sheet(_("Unverified savings"))
    _header(sheet, _("Orders whose reference price is suspect (mall_reference_inflated)"))
    sheet.append([_cell(sheet, _("Total")), *_figures_cells(sheet, totals(start, end, verified=False))])
    if progress:
        progress(len(GROUPINGS) / steps)
    sheet = book.create_sheet(_("Every transaction"))
    sheet.append([_cell(sheet, text, bold=True) for text in (
        _("Month"), _("Channel"), _("Category"), _("Method"), _("Purchasing unit id"), _("Project id"),
        _("Order id"), _("Budget"), _("Deal amount"), _("Savings"))])
    names = {}  # a code's label, looked up once: the sheet has a row per transaction

    def name(code):
        if code not in names:
            names[code] = label(code)
        return names[code]

    for row in transaction_rows(start, end):
        sheet.append([row.month, name(row.channel), row.category, name(row.method), row.purchaser_id,
                      -row.txn if row.txn < 0 else None, row.txn if row.txn > 0 else None,
                      _cell(sheet, row.budget, MONEY), _cell(sheet, row.deal, MONEY),
                      _cell(sheet, row.savings, MONEY)])
    ExcelWriter(book, _StableZip(out, "w", ZIP_DEFLATED, allowZip64=True)).save()


class _StableZip(ZipFile):
    """A zip whose entries carry one fixed time instead of the time of writing (openpyxl's own save stamps
    both), so that the workbook of the same figures is the same file."""

    def _info(self, name):
        info = ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        info.compress_type = ZIP_DEFLATED
        return info

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        super().writestr(self._info(name), data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        info = self._info(arcname or filename)
        with open(filename, "rb") as source, self.open(info, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1 << 20)


SAVINGS_WORKBOOK = "savings_workbook"


def request_workbook(actor, start, end, locale):
    """The workbook of the period as an export the actor follows: written by a task, in the actor's language."""
    require_reader(actor)
    params = {"start": start and start.isoformat(), "end": end and end.isoformat(), "locale": str(locale)}
    return documents.prepare(SAVINGS_WORKBOOK, None, f"节约资金-{clock.today().isoformat()}.xlsx", params=params,
                             requested_by=actor)


def render_savings_workbook(document, progress):
    params = document.params
    start, end = (date.fromisoformat(params[key]) if params.get(key) else None for key in ("start", "end"))
    with force_locale(params["locale"]), tempfile.TemporaryFile() as out:
        write_workbook(out, start, end, progress)
        out.seek(0)
        return out.read()
