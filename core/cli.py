"""Command-line tools: create-user, trail verify/anchor, seed-demo."""
import sys

import click
from flask import Blueprint

from core import accounts, trail
from core.auth import SYSTEM
from core.errors import DomainError
from core.extensions import db

cli = Blueprint("core_cli", __name__, cli_group=None)


@cli.cli.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "purchaser", "bidder", "expert", "supervisor"]))
@click.option("--password", required=True)
@click.option("--organization-id", type=int)
def create_user_command(username, role, password, organization_id):
    """Create an account; the first admin is made this way."""
    try:
        user = accounts.create_user(SYSTEM, username, password, role, organization_id)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(f"{err.message} {err.fields or ''}".strip())
    click.echo(f"Created {user.role} {user.username} (id {user.id}).")


@cli.cli.group("trail")
def trail_group():
    """The tamper-evident event trail."""


@trail_group.command("verify")
def trail_verify():
    """Verify every hash chain and anchor; exit 1 naming the first bad event."""
    result = trail.verify_trail()
    if result["ok"]:
        click.echo(f"OK: {result['events']} events verified.")
        return
    where = f"first bad event {result['first_bad_event']}" if result.get("first_bad_event") else "an anchor"
    click.echo(f"TAMPERED: {where} ({result['problem']}).", err=True)
    sys.exit(1)


@trail_group.command("anchor")
def trail_anchor():
    """Hash all chain heads into a new anchor (run periodically, e.g. hourly from cron)."""
    anchor = trail.create_anchor()
    db.session.commit()
    click.echo(f"Anchor {anchor.id}: {anchor.hash}.")


@cli.cli.command("seed-demo")
def seed_demo_command():
    """Idempotent demo data: a county trading center with every role and projects in every state."""
    from core.seed import seed_demo

    summary = seed_demo()
    db.session.commit()
    click.echo(summary)
