"""Documents of record and exports (domain.md: Background work): rendered once by a task, stored in the database
so that every machine serves them, their SHA-256 in the trail, and served from storage with the SHA-256 as ETag.

- A feature declares a kind (`registry.add_document(kind, render, mimetype)`): `render(document, progress)`
  returns the bytes, calling `progress(fraction)` as it goes.
- `prepare(kind, obj, name)` records a new version (pending) and renders it once the request commits; a stored
  document is never rendered again: a new version is a new document with its own hash.
- `respond(...)` answers a document's URL: the file once stored, else a page saying it is being prepared (with
  its progress, refreshing itself), that it failed (the center sees the task at /admin/tasks), or when it will
  exist.
- Exports (`prepare(kind, None, name, params=..., requested_by=user)`) belong to whoever asked for them, and are
  followed at /documents/<id>.
"""
import hashlib
from datetime import timedelta

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields
from sqlalchemy import func, select

from core import clock, register_blueprints
from core.auth import api_roles, api_user, page_roles, page_user
from core.errors import NotFound
from core.extensions import db
from core.lifecycle import Lifecycle
from core.models import ROLES
from core.openapi import doc
from core.pdf import download_response
from core.plugins import registry_of
from core.schemas import LocalDateTime
from core.tasks import FlaskTask, after_commit, celery, task_app
from core.trail import record_event
from core.types import UTCDateTime

DOCUMENT_LIFECYCLE = Lifecycle("stored_document", {"pending": ("ready", "failed"), "failed": ("ready",)})
STATUSES = ("pending", "ready", "failed")
# A pending page stops refreshing itself after this long and says the work is late.
LATE_AFTER = timedelta(minutes=15)
REFRESH_SECONDS = 3
MAX_ERROR = 500

web = Blueprint("stored_documents", __name__)
api = Blueprint("stored_documents_api", __name__, url_prefix="/api/v1")


class StoredDocument(db.Model):
    """One version of a document of record (of an object: a project's opening record) or an export (of its
    requester, with its parameters)."""

    __tablename__ = "stored_document"
    __table_args__ = (db.UniqueConstraint("kind", "object_type", "object_id", "version",
                                          name="uq_stored_document_version"),)
    WATCHED_FIELDS = ("status", "sha256", "size")

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    object_type = db.Column(db.String(40))
    object_id = db.Column(db.Integer)
    version = db.Column(db.Integer, nullable=False)
    params = db.Column(db.JSON, nullable=False, default=dict)
    requested_by_id = db.Column(db.ForeignKey("user.id"), index=True)
    name = db.Column(db.String(200), nullable=False)
    mimetype = db.Column(db.String(100), nullable=False)
    status = db.Column(db.String(12), nullable=False, index=True)
    progress = db.Column(db.Integer, nullable=False, default=0)
    size = db.Column(db.Integer)
    sha256 = db.Column(db.String(64))
    content = db.deferred(db.Column(db.LargeBinary))  # read only to serve it
    error = db.Column(db.String(MAX_ERROR))
    requested_at = db.Column(UTCDateTime, nullable=False)
    ready_at = db.Column(UTCDateTime)

    def may_follow(self, user):
        """An export is its requester's; documents of record are reached through their object's page."""
        return self.requested_by_id is not None and user is not None and self.requested_by_id == user.id

    @property
    def late(self):
        return self.status == "pending" and clock.now() - self.requested_at > LATE_AFTER

    @property
    def refresh_seconds(self):
        """How often its page looks again: while pending and not late, else never."""
        return REFRESH_SECONDS if self.status == "pending" and not self.late else None


db.Index("ix_stored_document_object", StoredDocument.object_type, StoredDocument.object_id, StoredDocument.kind)


def _kinds():
    return registry_of(current_app).documents


# -- Recording and rendering ----------------------------------------------------------------------------------------

def latest(kind, obj):
    """The newest version of the `kind` document of `obj`, or None."""
    return db.session.scalars(
        select(StoredDocument).where(StoredDocument.kind == kind, StoredDocument.object_type == obj.__tablename__,
                                     StoredDocument.object_id == obj.id)
        .order_by(StoredDocument.version.desc()).limit(1)).first()


def prepare(kind, obj, name, params=None, requested_by=None):
    """Record a new version of the `kind` document (of `obj`, or an export when None), rendered by a task once
    this transaction commits."""
    if kind not in _kinds():
        raise ValueError(f"unregistered document kind {kind!r}")
    object_type, object_id = (obj.__tablename__, obj.id) if obj is not None else (None, None)
    version = 1
    if obj is not None:
        version += db.session.scalar(select(func.coalesce(func.max(StoredDocument.version), 0)).where(
            StoredDocument.kind == kind, StoredDocument.object_type == object_type,
            StoredDocument.object_id == object_id))
    document = StoredDocument(kind=kind, object_type=object_type, object_id=object_id, version=version,
                              params=params or {}, requested_by_id=getattr(requested_by, "id", None), name=name,
                              mimetype=_kinds()[kind].mimetype, status="pending", progress=0,
                              requested_at=clock.now())
    db.session.add(document)
    db.session.flush()
    record_event(document, "document.requested", requested_by, after={
        "status": "pending", "kind": kind, "version": version, "name": name, **_scope(document)})
    after_commit(render, document.id)
    return document


def _scope(document):
    """`<object_type>_id` in the event, so the document's events appear in its object's timeline."""
    return {f"{document.object_type}_id": document.object_id} if document.object_type else {}


class DocumentTask(FlaskTask):
    """A failed rendering also marks its document failed, so its page stops waiting and says so."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        super().on_failure(exc, task_id, args, kwargs, einfo)
        with task_app().app_context():
            document = db.session.get(StoredDocument, args[0]) if args else None
            if document is not None and document.status == "pending":
                DOCUMENT_LIFECYCLE.change(document, "failed", None, "document.failed",
                                          {"error": f"{type(exc).__name__}: {exc}"[:MAX_ERROR]})
                db.session.commit()


@celery.task(name="documents.render", base=DocumentTask)
def render(document_id):
    """Render a pending document and store it with its SHA-256; a stored one is left as it is (run twice, it
    renders once)."""
    document = db.session.get(StoredDocument, document_id)
    if document is None or document.status == "ready":
        return None

    def progress(fraction):
        document.progress = max(0, min(99, int(fraction * 100)))
        db.session.commit()  # seen by the page that follows it

    content = _kinds()[document.kind].render(document, progress)
    digest = hashlib.sha256(content).hexdigest()
    DOCUMENT_LIFECYCLE.change(document, "ready", None, "document.stored", changes={
        "content": content, "size": len(content), "sha256": digest, "progress": 100, "ready_at": clock.now(),
        "error": None,
    }, details={"kind": document.kind, "version": document.version, "sha256": digest, "size": len(content),
                **_scope(document)})
    return digest


# -- Serving --------------------------------------------------------------------------------------------------------

def serve(document):
    """The stored bytes, with the SHA-256 as ETag (a 304 when the reader has them already)."""
    response = download_response(document.content, document.name, document.mimetype)
    response.set_etag(document.sha256)
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


def respond(kind, obj, name, due, not_due=None):
    """A document's URL: the stored file; else a page saying it is being prepared, failed, or (when not `due`)
    when it will exist (`not_due`, a message). A document due but never recorded (data older than this
    feature) is prepared now."""
    document = latest(kind, obj)
    if document is None:
        if not due:
            return render_template("core/document.html", document=None, kind=kind, message=not_due), 404
        document = prepare(kind, obj, name)
    return respond_with(document)


def respond_with(document):
    if document.status == "ready":
        return serve(document)
    status = 202 if document.status == "pending" else 500
    return render_template("core/document.html", document=document, kind=document.kind,
                           refresh=document.refresh_seconds), status


def followed(user, document_id):
    """An export its requester follows; 404 for anyone else."""
    document = db.session.get(StoredDocument, document_id)
    if document is None or not document.may_follow(user):
        raise NotFound("no_document", "No such document.")
    return document


# -- Pages and API of exports ---------------------------------------------------------------------------------------

class StoredDocumentOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    progress = fields.Integer(required=True, metadata={"description": "percent done"})
    size = fields.Integer(allow_none=True, required=True)
    sha256 = fields.String(allow_none=True, required=True)
    requested_at = LocalDateTime(required=True)
    ready_at = LocalDateTime(allow_none=True, required=True)
    url = fields.Function(lambda d: url_for("stored_documents_api.document_file", document_id=d.id)
                          if d.status == "ready" else None, allow_none=True, required=True)


@web.get("/documents/<int:document_id>")
@page_roles(*ROLES)
def document_page(document_id):
    document = followed(page_user(), document_id)
    return render_template("core/document.html", document=document, kind=document.kind,
                           refresh=document.refresh_seconds, follow=True)


@web.get("/documents/<int:document_id>/file")
@page_roles(*ROLES)
def document_file_page(document_id):
    document = followed(page_user(), document_id)
    if document.status != "ready":
        abort(404)
    return serve(document)


@api.get("/documents/<int:document_id>")
@api_roles(*ROLES)
@doc("An export the caller asked for: its status and progress, and its file's URL once stored",
     response=StoredDocumentOut)
def get_document(document_id):
    return StoredDocumentOut().dump(followed(api_user(), document_id))


@api.get("/documents/<int:document_id>/file")
@api_roles(*ROLES)
@doc("The stored file of an export the caller asked for; its SHA-256 is the ETag; 404 until it is stored",
     file="application/octet-stream")
def document_file(document_id):
    document = followed(api_user(), document_id)
    if document.status != "ready":
        raise NotFound("document_not_ready", "This document is not stored yet (%(progress)s%% done).",
                       progress=document.progress)
    return serve(document)


def init_app(app):
    register_blueprints(app, web=[web], api=[api])


LABELS = {
    "document.requested": _l("Document requested"), "document.stored": _l("Document stored"),
    "document.failed": _l("Document could not be prepared"), "documents.render": _l("Rendering a document"),
    "stored_document": _l("document"),
}
