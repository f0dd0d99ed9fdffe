"""Importing experts from a CSV or Excel (.xlsx) file, row by row.

Each valid row becomes an expert account (core.accounts.create_user, role expert) with its declared
conflicts; a row with a problem is rolled back alone (a savepoint) and reported with its row number,
field and message, while the good rows are kept: the center gets the good rows imported and a
report of the rest to correct and import again. Rows are numbered as in the spreadsheet (the
header is row 1). A generated initial password is shown once, in the report only.
"""
import re
import secrets

from core.accounts import create_user
from core.errors import N_, DomainError
from core.imports import MAX_BYTES, import_rows, read_rows
from core.schemas import load_data
from scoring.pool import _require_center, add_conflict
from scoring.schemas import ImportRowIn

COLUMNS = ("username", "name", "specialties", "employer_uscc", "employer_name", "conflicts", "password")
REQUIRED_COLUMNS = ("username", "name", "specialties")
SEPARATORS = re.compile(r"[\s,，;；、]+")
MISSING_COLUMNS = N_("needs the columns username, name and specialties")
__all__ = ["MAX_BYTES", "import_experts"]  # MAX_BYTES: the API and the page read at most this much


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


def import_experts(actor, filename, content):
    """Create an expert account for each valid row; report the rows refused and why."""
    _require_center(actor)
    return import_rows(
        read_rows(filename, content, COLUMNS, REQUIRED_COLUMNS, MISSING_COLUMNS), lambda values: _import_row(actor, values),
        created=lambda number, values, result: {
            "row": number, "username": result[0].username, "expert_id": result[0].expert.id,
            "name": result[0].expert.name, "initial_password": result[1]},
        rejected=lambda number, values: {"row": number, "username": values.get("username") or None},
        # "expert.name" is the column "name"
        rename=lambda name: name.removeprefix("expert."))
