"""The open-data page: what the platform publishes in OCDS, where, and the latest whole export to download."""
from flask import Blueprint, abort, render_template
from sqlalchemy import select

from audit.opendata.tasks import OCDS_EXPORT
from core import documents
from core.documents import StoredDocument
from core.extensions import db

web = Blueprint("opendata", __name__)


def latest_export():
    return db.session.scalars(select(StoredDocument).where(
        StoredDocument.kind == OCDS_EXPORT, StoredDocument.status == "ready").order_by(StoredDocument.id.desc())
        .limit(1)).first()


@web.get("/open-data")
def open_data():
    return render_template("audit/opendata/open_data.html", export=latest_export())


@web.get("/open-data/ocds.json")
def export_file():
    export = latest_export()
    if export is None:
        abort(404)
    return documents.serve(export)
