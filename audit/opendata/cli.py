"""`flask ocds export FILE [--compiled]`: the whole OCDS export as one release package, written release by release."""
import json

import click
from flask.cli import AppGroup

from audit.opendata import operations as ocds
from core.extensions import db

cli = AppGroup("ocds", help="Open data: the OCDS export.")


def write_package(out, releases, uri):
    """Write a release package to the text file `out`, its releases streamed one by one (constant memory)."""
    head = json.dumps(ocds.package_head(uri), ensure_ascii=False)
    out.write(head[:-1] + ', "releases": [')
    count = 0
    for release in releases:
        out.write(("," if count else "") + json.dumps(release, ensure_ascii=False))
        count += 1
    out.write("]}")
    return count


@cli.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8"))
@click.option("--compiled", is_flag=True, help="One compiled release per process instead of every release.")
def export_command(file, compiled):
    """Write every public release (or each process's compiled release) as an OCDS 1.1 release package."""
    releases = ocds.compiled_releases() if compiled else ocds.all_releases()
    count = write_package(file, releases, "urn:ocds:export")
    click.echo(f"{count} {'compiled releases' if compiled else 'releases'} written.", err=True)


@cli.command("rebuild")
def rebuild_command():
    """Record the releases of the public events that happened before open data existed (after an upgrade)."""
    added = ocds.rebuild()
    db.session.commit()
    click.echo(f"{added} releases added.")
