"""`flask mall ...`: the mall's commands for the command line and schedulers."""
import click
from flask import Blueprint

from core.extensions import db

cli = Blueprint("mall_cli", __name__, cli_group="mall")


@cli.cli.command("delist-stale")
def delist_stale_command():
    """Take off the shelf the products unsold and unchanged for more than MALL_STALE_DAYS days."""
    from mall.catalogue.tasks import delist_stale

    count = delist_stale()  # the scheduled task, run once here
    click.echo(f"Delisted {count} stale product(s).")


@cli.cli.command("install-categories")
def install_categories_command():
    """Create the missing categories of the standard category tree."""
    from mall.catalogue.operations.categories import install_categories

    count = install_categories()
    db.session.commit()
    click.echo(f"Added {count} categor{'y' if count == 1 else 'ies'}.")


@cli.cli.command("reindex-search")
def reindex_search_command():
    """Index every product again with the current search synonyms (after an upgrade that added them)."""
    from mall.catalogue.tasks import reindex_search

    click.echo(f"Indexed {reindex_search()} product(s).")
