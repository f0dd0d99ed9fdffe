"""`flask mall close-due`: close the competitions past their closing time (for a scheduler)."""
import click

from mall.competitions import operations as competitions


@click.command("close-due")
def close_due_command():
    """Close every competition whose closing time has passed."""
    failed = []

    def report(competition_id, err):
        failed.append(competition_id)
        click.echo(f"competition {competition_id}: {getattr(err, 'message', None) or err!r}", err=True)

    closed = competitions.close_due(on_error=report)
    for competition in closed:
        click.echo(f"{competition.code}: {competition.status}")
    click.echo(f"Closed {len(closed)} competition(s).")
    if failed:
        raise SystemExit(1)  # after closing the others: the scheduler sees that some were left open
