"""`flask mall close-due`: close the competitions past their closing time (for a scheduler)."""
import click

from mall.competitions import operations as competitions


@click.command("close-due")
def close_due_command():
    """Close every competition whose closing time has passed."""
    def report(competition_id, err):
        click.echo(f"competition {competition_id}: {err.message}", err=True)

    closed = competitions.close_due(on_error=report)
    for competition in closed:
        click.echo(f"{competition.code}: {competition.status}")
    click.echo(f"Closed {len(closed)} competition(s).")
