"""Command-line tools: create-user, trail verify/anchor, seed-demo."""
import sys

import click
from flask import Blueprint

from core import accounts, signing, trail
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
    """Verify every hash chain, anchor signature and watched row; exit 1 naming each bad object."""
    result = trail.verify_trail()
    if result["ok"]:
        click.echo(f"OK: {result['events']} events verified.")
        return
    first = result["problems"][0]
    where = first["object"] + (f", first bad event {result['first_bad_event']}" if "first_bad_event" in result else "")
    click.echo(f"TAMPERED: {where} ({result['problem']}); {len(result['problems'])} problem(s):", err=True)
    for problem in result["problems"]:
        details = ", ".join(f"{k}={v}" for k, v in problem.items() if k not in ("object", "problem"))
        click.echo(f"  {problem['object']}: {problem['problem']}" + (f" ({details})" if details else ""), err=True)
    sys.exit(1)


@trail_group.command("anchor")
def trail_anchor():
    """Hash the chain heads that moved since the last anchor into a new one (run periodically, e.g. hourly from cron)."""
    anchor = trail.create_anchor()
    db.session.commit()
    click.echo(f"Anchor {anchor.id}: {anchor.hash}.")


@trail_group.command("keygen")
def trail_keygen():
    """Print a new Ed25519 private key (PEM, PKCS#8) for TRAIL_SIGNING_KEY; keep it out of the database."""
    click.echo(signing.new_private_key_pem(), nl=False)


@cli.cli.command("seed-demo")
def seed_demo_command():
    """Idempotent demo data: a county trading center with every role and projects in every state."""
    from core.seed import seed_demo

    summary = seed_demo()
    db.session.commit()
    click.echo(summary)


ROLE_TITLES = {"admin": "Trading center (admin)", "supervisor": "Supervisor", "purchaser": "Purchasing units",
               "bidder": "Bidders", "expert": "Experts"}


def demo_login_lines(limit=None):
    """Every account by role, its organisation, and whether it still waits for approval."""
    from sqlalchemy import select

    from core.models import ROLES, Organization, User
    from core.seed import DEMO_PASSWORD

    lines = [f"Demo logins (password for every account: {DEMO_PASSWORD})"]
    for role in ("admin", "supervisor", "purchaser", "bidder", "expert"):
        rows = db.session.execute(
            select(User.username, User.display_name, Organization.name, Organization.status)
            .outerjoin(Organization, User.organization_id == Organization.id)
            .where(User.of_role(role), User.active.is_(True)).order_by(User.username)).all()
        if not rows:
            continue
        lines.append(f"  {ROLE_TITLES.get(role, role)}:")
        # Pending applicants are always shown: they show the approval step.
        shown = rows if limit is None else [r for i, r in enumerate(rows) if i < limit or r.status == "pending"]
        for username, display, org, status in shown:
            note = "  [pending approval: registered online, not yet approved]" if status == "pending" else ""
            lines.append(f"    {username:<14} {org or display or ''}{note}")
        rest = [r.username for r in rows if r not in shown]
        if rest:
            lines.append(f"    ... and {len(rest)} more ({', '.join(rest)})")
    assert set(ROLE_TITLES) == set(ROLES)
    return lines


@cli.cli.command("demo-logins")
@click.option("--limit", type=int, default=None, help="Show at most this many accounts per role.")
def demo_logins_command(limit):
    """Print every login by role (after seed-demo): usernames, organisations, pending applications."""
    click.echo("\n".join(demo_login_lines(limit)))
