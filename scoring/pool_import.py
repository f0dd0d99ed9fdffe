"""Importing experts from a CSV or Excel (.xlsx) file, row by row.

Each valid row becomes an expert account (core.accounts.create_user, role expert) with its declared
conflicts; a row with a problem is rolled back alone (a savepoint) and reported with its row number,
field and message, while the good rows are kept: the center gets the good rows imported and a
report of the rest to correct and import again. Rows are numbered as in the spreadsheet (the
header is row 1). A generated initial password is shown once, in the report only.
"""
import codecs
import csv
import io
import re
import secrets

from core.accounts import create_user
from core.errors import DomainError, ValidationFailed
from core.extensions import db
from core.schemas import load_data
from scoring.pool import _require_center, add_conflict
from scoring.schemas import ImportRowIn

COLUMNS = ("username", "name", "specialties", "employer_uscc", "employer_name", "conflicts", "password")
REQUIRED_COLUMNS = ("username", "name", "specialties")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
SEPARATORS = re.compile(r"[\s,，;；、]+")


def _invalid_file(problem):
    return ValidationFailed({"file": [problem]}, "The file cannot be imported.", code="invalid_import_file")


def _text(content):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.decode(content, encoding)
        except UnicodeDecodeError:
            continue
    raise _invalid_file("is neither UTF-8 nor GB18030 text")


def _csv_rows(content):
    return list(csv.reader(io.StringIO(_text(content), newline="")))


def _xlsx_rows(content):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise _invalid_file("is not a readable .xlsx workbook") from None
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_rows(filename, content):
    """[(row number, {column: text})] of the file's first sheet or its CSV text."""
    if not content:
        raise _invalid_file("is empty")
    if len(content) > MAX_BYTES:
        raise _invalid_file("is larger than 2 MB")
    is_xlsx = (filename or "").lower().endswith(".xlsx") or content[:2] == b"PK"
    rows = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    if not rows:
        raise _invalid_file("has no header row")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _invalid_file("needs the columns username, name and specialties")
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header) if name in COLUMNS}
        if any(values.values()):
            records.append((number, values))
    if len(records) > MAX_ROWS:
        raise _invalid_file("has more than 1000 rows")
    return records


def _row_data(values):
    data = {"username": values.get("username", ""), "name": values.get("name", ""),
            "specialties": [c for c in SEPARATORS.split(values.get("specialties", "")) if c],
            "conflicts": [c for c in SEPARATORS.split(values.get("conflicts", "")) if c]}
    for name in ("employer_uscc", "employer_name", "password"):
        if values.get(name):
            data[name] = values[name]
    return data


def _import_row(actor, values):
    data = load_data(ImportRowIn(), _row_data(values))
    password = data.get("password")
    generated = password is None
    if generated:
        password = secrets.token_urlsafe(12)
    profile = {k: data[k] for k in ("name", "specialties", "employer_uscc", "employer_name") if k in data}
    user = create_user(actor, data["username"], password, "expert", expert=profile)
    for index, uscc in enumerate(dict.fromkeys(data["conflicts"])):
        try:
            add_conflict(actor, user.expert.id, uscc)
        except DomainError as err:  # the USCC's problem, named after its place in the column
            err.fields = {f"conflicts.{index}": [p for ps in err.fields.values() for p in ps]}
            raise
    return user, password if generated else None


def _problems(err):
    """(field, message) pairs of a refused row; "expert.name" is the column "name"."""
    if not err.fields:
        return [("", err.message)]
    return [(name.removeprefix("expert."), problem) for name, problems in err.fields.items() for problem in problems]


def import_experts(actor, filename, content):
    """Create an expert account for each valid row; report the rows refused and why."""
    _require_center(actor)
    created, rejected = [], []
    for number, values in read_rows(filename, content):
        savepoint = db.session.begin_nested()
        try:
            user, password = _import_row(actor, values)
        except DomainError as err:
            savepoint.rollback()
            rejected.extend({"row": number, "username": values.get("username") or None, "field": field,
                             "message": problem} for field, problem in _problems(err))
        else:
            savepoint.commit()
            created.append({"row": number, "username": user.username, "expert_id": user.expert.id,
                            "name": user.expert.name, "initial_password": password})
    return {"created": created, "rejected": rejected}
