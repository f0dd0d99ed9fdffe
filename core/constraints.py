"""What a constraint hit at commit (or flush) means: a known unique constraint is a race the request lost
(409 with the constraint's own code, nothing changed); any other integrity error is a bug (logged, 500).

Core and each feature register the unique constraints a concurrent request can hit, by name
(`registry.add_unique_constraint(name, code, message)`). PostgreSQL names the broken constraint; SQLite
names its columns ("UNIQUE constraint failed: signup.project_id, signup.organization_id"), which are
matched against the unique constraints and indexes of the tables' metadata.
"""
import re
from dataclasses import dataclass

from sqlalchemy import Index, PrimaryKeyConstraint, UniqueConstraint

from core.extensions import db

UNIQUE_VIOLATION = "23505"
SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")


@dataclass(frozen=True)
class UniqueRule:
    """A unique constraint a race can hit, with the error the losing request answers."""

    name: str
    code: str
    message: str


def broken_unique_constraint(err):
    """The name of the unique constraint or index `err` (an IntegrityError) broke, or None."""
    orig = err.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:  # PostgreSQL (psycopg)
        return diag.constraint_name if getattr(orig, "sqlstate", None) == UNIQUE_VIOLATION else None
    match = SQLITE_UNIQUE.search(str(orig))
    if match is None:
        return None
    qualified = [part.strip().split(".") for part in match.group(1).split(",")]
    table = db.metadata.tables.get(qualified[0][0])
    if table is None:
        return None
    columns = {column for _, column in qualified}
    uniques = [c for c in table.constraints if isinstance(c, (UniqueConstraint, PrimaryKeyConstraint))]
    uniques += [i for i in table.indexes if isinstance(i, Index) and i.unique]
    return next((u.name for u in uniques if {c.name for c in u.columns} == columns), None)


def unique_rule(err, rules):
    """The registered rule of the unique constraint `err` broke, or None (then it is a bug)."""
    name = broken_unique_constraint(err)
    return rules.get(name) if name else None
