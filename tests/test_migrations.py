"""The migrations are the schema: linear history, models in sync, upgrade and downgrade work."""
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from core.extensions import db

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def _scripts():
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config)


def test_migration_history_is_linear():
    scripts = _scripts()
    assert len(scripts.get_heads()) == 1, "more than one head: merge or rebase the migrations"
    for revision in scripts.walk_revisions():
        assert not revision.is_merge_point, f"{revision.revision} merges branches"
        assert not revision.is_branch_point, f"{revision.revision} starts a branch"


# SQLite cannot reflect an expression index (ix_event_after_project_id), so alembic leaves it out of the comparison.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_models_match_the_migrated_schema(app):
    # The `app` fixture built this database with `flask db upgrade`, not create_all.
    with db.engine.connect() as conn:
        # Tables a migration manages by hand (SQLite FTS5 and its shadow tables) are not models.
        unmanaged = tuple(db.metadata.info.get("unmanaged_tables", ()))
        opts = {"compare_type": False,
                "include_name": lambda name, type_, parents: not (type_ == "table" and unmanaged
                                                                  and name.startswith(unmanaged))}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_downgrade_to_base_and_upgrade_again(app):
    tables = set(db.metadata.tables)
    downgrade(directory=MIGRATIONS, revision="base")
    db.engine.dispose()
    assert tables.isdisjoint(inspect(db.engine).get_table_names())
    upgrade(directory=MIGRATIONS)
    db.engine.dispose()
    assert tables <= set(inspect(db.engine).get_table_names())
