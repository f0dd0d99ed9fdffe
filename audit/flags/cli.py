"""`flask audit flags [--rebuild]`: the open flags by code, or every flag recomputed from the data."""
import click
from sqlalchemy import func, select

from audit.flags.models import RedFlag
from audit.flags.operations import rebuild
from core.extensions import db


@click.command("flags")
@click.option("--rebuild", "rebuild_all", is_flag=True, help="Recompute every red flag from the data.")
def flags_command(rebuild_all):
    """List the open red flags by code; with --rebuild, recompute them all first."""
    if rebuild_all:
        changes = rebuild()
        db.session.commit()
        click.echo("Rebuilt: " + (", ".join(f"{action} {n}" for action, n in sorted(changes.items()))
                                  or "no change"))
    rows = db.session.execute(select(RedFlag.code, func.count()).where(RedFlag.status == "open")
                              .group_by(RedFlag.code).order_by(RedFlag.code)).all()
    for code, count in rows:
        click.echo(f"{code}: {count}")
    click.echo(f"Open red flags: {sum(count for _, count in rows)}")
