"""The whole OCDS export, written every night on `celery beat` as a stored document that anyone downloads from the
open-data page (so no one's request streams the whole database)."""
import tempfile

from flask import current_app

from audit.opendata import operations as ocds
from audit.opendata.cli import write_package
from core import clock, documents
from core.tasks import celery

OCDS_EXPORT = "ocds_export"


def render_export(document, progress):
    """Every release as one package (its progress is not told along the way: committing it would close the cursor
    the releases stream from)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        write_package(out, ocds.all_releases(), document.params["uri"])
        out.seek(0)
        return out.read().encode("utf-8")


@celery.task(name="ocds.publish_export")
def publish_export():
    """Record tonight's export, rendered by its own task once this one commits."""
    day = clock.today().isoformat()
    uri = f"urn:{current_app.config['OCDS_PREFIX']}:export:{day}"
    return documents.prepare(OCDS_EXPORT, None, f"ocds-{day}.json", params={"uri": uri}).id
