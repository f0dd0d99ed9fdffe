"""`flask audit savings --rebuild`: the savings figures by day computed again from every transaction."""
import click

from audit.savings.operations import daily
from core.extensions import db


@click.command("savings")
@click.option("--rebuild", "rebuild_all", is_flag=True, required=True,
              help="Compute the savings figures by day (what the desk reads) again from every transaction.")
def savings_command(rebuild_all):
    """Compute again the savings figures by day that the supervisor's desk reads (after an upgrade, or to
    repair them)."""
    rows = daily.rebuild()
    db.session.commit()
    click.echo(f"Savings by day rebuilt: {rows} rows.")
