"""Importing rows from a CSV or Excel (.xlsx) file, row by row (the expert pool, the mall's products).

`read_rows` gives the rows of the file's first sheet (or its CSV text) as {column: text}, numbered as
in the spreadsheet (the header is row 1). `import_rows` runs an operation per row, each in its own
savepoint: a row with a problem is rolled back alone and reported with its row number, field and
message, while the good rows are kept.
"""
import codecs
import csv
import io

from core.errors import DomainError, ValidationFailed
from core.extensions import db

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000


def invalid_file(problem):
    return ValidationFailed({"file": [problem]}, "The file cannot be imported.", code="invalid_import_file")


def _text(content):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.decode(content, encoding)
        except UnicodeDecodeError:
            continue
    raise invalid_file("is neither UTF-8 nor GB18030 text")


def _csv_rows(content):
    return list(csv.reader(io.StringIO(_text(content), newline="")))


def _xlsx_rows(content):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise invalid_file("is not a readable .xlsx workbook") from None
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_rows(filename, content, columns, required_columns, missing_columns_problem):
    """[(row number, {column: text})] of the non-empty rows; only the known `columns` are kept. A file
    without the `required_columns` is refused with `missing_columns_problem` (a template, N_())."""
    if not content:
        raise invalid_file("is empty")
    if len(content) > MAX_BYTES:
        raise invalid_file("is larger than 2 MB")
    is_xlsx = (filename or "").lower().endswith(".xlsx") or content[:2] == b"PK"
    rows = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    if not rows:
        raise invalid_file("has no header row")
    header = [h.strip().lower() for h in rows[0]]
    if any(c not in header for c in required_columns):
        raise invalid_file(missing_columns_problem)
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header) if name in columns}
        if any(values.values()):
            records.append((number, values))
    if len(records) > MAX_ROWS:
        raise invalid_file("has more than 1000 rows")
    return records


def _problems(err, rename):
    if not err.fields:
        return [("", err.message)]
    return [(rename(name), problem) for name, problems in err.fields.items() for problem in problems]


def import_rows(records, import_row, created, rejected, rename=lambda name: name):
    """For each (number, values): `import_row(values)` in a savepoint. On success `created(number, values,
    result)` gives the report entry; on a DomainError the row is rolled back and `rejected(number, values)`
    gives the entry's base, one per problem with its `field` (API name, through `rename`) and `message`.
    Return {"created": [...], "rejected": [...]}."""
    report = {"created": [], "rejected": []}
    for number, values in records:
        savepoint = db.session.begin_nested()
        try:
            result = import_row(values)
        except DomainError as err:
            savepoint.rollback()
            report["rejected"].extend(rejected(number, values) | {"field": field, "message": problem}
                                      for field, problem in _problems(err, rename))
        else:
            savepoint.commit()
            report["created"].append(created(number, values, result))
    return report
