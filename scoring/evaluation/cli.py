"""`flask scoring replay-draw CODE` and `flask scoring verify-result CODE`: anyone with the data can check."""
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from core.extensions import db
from scoring.draw.operations import replay_draws
from scoring.evaluation.operations import verify_result
from trading.tender.models import Project

cli = AppGroup("scoring", help="Check the expert draw and the evaluation result.")


def _project(code):
    project = db.session.execute(select(Project).where(Project.code == code)).scalar_one_or_none()
    if project is None:
        raise click.ClickException(f"No project {code}.")
    return project


@cli.command("replay-draw")
@click.argument("code")
def replay_draw(code):
    """Re-run the project's draws from their published seeds and compare with the recorded panel."""
    rows = replay_draws(_project(code))
    if not rows:
        raise click.ClickException(f"Project {code} has no draw.")
    for draw, expected, recorded, ok in rows:
        click.echo(f"round {draw.round}: seed {draw.seed} (commitment {draw.seed_commitment})")
        click.echo(f"  eligible (sorted by id): {draw.eligible_ids}")
        click.echo(f"  replayed: {expected}")
        click.echo(f"  recorded: {recorded}")
        click.echo(f"  {'MATCH' if ok else 'MISMATCH'}")
    if not all(row[3] for row in rows):
        sys.exit(1)


@cli.command("verify-result")
@click.argument("code")
def verify_result_command(code):
    """Recompute the ranking from the stored sheets and compare with the published result."""
    ok, differences = verify_result(_project(code))
    for line in differences:
        click.echo(f"  {line}")
    click.echo("MATCH: the stored result recomputes identically." if ok else "MISMATCH")
    if not ok:
        sys.exit(1)
