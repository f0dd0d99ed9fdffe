"""Tender documents (招标文件): files attached to a project, their downloads (sealed like the
sign-ups), and the bid documents read back after opening. No request, no commit."""
import base64

from flask import current_app
from sqlalchemy import func, select

from core import clock
from core.auth import is_bidder, is_party, require
from core.errors import Code, Conflict, Forbidden, NotFound, ValidationFailed, message
from core.extensions import db
from core.hashing import sha256_hex
from core.ids import new_random_id
from core.trail import record_event
from trading.documents.models import MIMETYPES, DocumentDownload, TenderDocument, extension_of
from trading.tender.models import Signup, project_scope
from trading.tender.operations.bid_sealing import unseal_bid

# Content signatures: PDF, OLE2 (legacy .doc/.xls), ZIP (.zip and the Office Open XML .docx/.xlsx).
PDF, OLE2, ZIP = b"%PDF", bytes.fromhex("D0CF11E0A1B11AE1"), b"PK\x03\x04"
EXTENSIONS = {".pdf": PDF, ".doc": OLE2, ".xls": OLE2, ".docx": ZIP, ".xlsx": ZIP, ".zip": ZIP}


def document_problems(name, content, index=None):
    """Problems with one file: its type by name and by content, its size (field `documents[.i]`)."""
    field = "documents" if index is None else f"documents.{index}"
    extension = extension_of(name)
    limit = current_app.config["MAX_DOCUMENT_BYTES"]
    if extension not in EXTENSIONS:
        return {field: [message("%(name)s: only PDF, Word, Excel or ZIP files are accepted", name=name)]}
    if not content.startswith(EXTENSIONS[extension]):
        return {field: [message("%(name)s: the content is not a %(extension)s file", name=name,
                                extension=extension)]}
    if len(content) > limit:
        return {field: [message("%(name)s: larger than %(limit)s MB", name=name, limit=limit // (1024 * 1024))]}
    return {}


def check_documents(documents):
    """Refuse the whole upload (422 `bad_document`) when any file breaks a rule."""
    problems = {}
    for i, doc in enumerate(documents):
        problems.update(document_problems(doc["name"], doc["content"], i if len(documents) > 1 else None))
    if problems:
        raise ValidationFailed(problems, "A document was refused.", "bad_document")


def store_documents(project, actor, documents, amendment=None):
    """Attach checked files to the project; return the new rows."""
    check_documents(documents)
    now = clock.now()
    rows = []
    for doc in documents:
        row = TenderDocument(project_id=project.id, amendment_id=amendment.id if amendment else None,
                             name=doc["name"], size=len(doc["content"]), sha256=sha256_hex(doc["content"]),
                             content=doc["content"], uploaded_at=now, uploaded_by_id=actor.id)
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    for row in rows:
        record_event(project, "document.added", actor, after={
            "document_id": row.id, "name": row.name, "size": row.size, "sha256": row.sha256,
            "amendment_id": row.amendment_id})
    return rows


def add_document(actor, project_id, name, content):
    """The owning purchaser attaches a tender document to its draft."""
    from trading.tender.operations import get_project

    project = get_project(project_id, actor, lock=True)
    require(project.is_owned_by(actor), "not_owner",
            "Only the purchasing unit that registered the project may do this.")
    if project.status != "draft":
        raise Conflict("wrong_status", "Documents are attached to a draft; after publication only an amendment adds "
                       "them. This project is %(status)s.", status=Code(project.status))
    return store_documents(project, actor, [{"name": name, "content": content}])[0]


def project_documents(project):
    return db.session.scalars(
        select(TenderDocument).where(TenderDocument.project_id == project.id).order_by(TenderDocument.id)
    ).all()


def is_signed_up(project, user):
    if not is_bidder(user):
        return False
    return db.session.scalar(select(Signup.id).where(Signup.project_id == project.id,
                                                     Signup.organization_id == user.organization_id)) is not None


def can_download(project, user):
    """Signed-up bidders, the owner, the center and the supervisor."""
    if user is None:
        return False
    return (is_party(user, project)
            or is_signed_up(project, user))


def download_document(actor, project_id, document_id):
    """The document's row, the download recorded under the project's sealed scope."""
    from trading.tender.operations import get_project

    project = get_project(project_id, actor)
    document = db.session.get(TenderDocument, document_id)
    if document is None or document.project_id != project.id:
        raise NotFound("document_not_found", "Document not found.")
    if not can_download(project, actor):
        raise Forbidden("not_signed_up", "Only signed-up bidders, the purchasing unit, the center and the supervisor "
                        "may download the tender documents.")
    download = DocumentDownload(id=new_random_id(DocumentDownload), document_id=document.id, project_id=project.id,
                                user_id=actor.id, organization_id=actor.organization_id, downloaded_at=clock.now())
    db.session.add(download)
    db.session.flush()
    record_event(download, "document.downloaded", actor, after={"document_id": document.id, "project_id": project.id},
                 sealed_scope=project_scope(project))
    return document


def downloads_after_opening(project):
    """[(organisation name, downloads)] once the project is opened; None before (sealed)."""
    from core.models import Organization

    if project.opened_at is None:
        return None
    return db.session.execute(
        select(Organization.name, func.count(DocumentDownload.id))
        .join(Organization, Organization.id == DocumentDownload.organization_id)
        .where(DocumentDownload.project_id == project.id)
        .group_by(Organization.name).order_by(Organization.name)
    ).all()


def bid_document_readers(project, user):
    """Who reads the opened bids' documents: the center, the owner and the supervisor, after opening.
    (The scoring module may widen this to the panel.)"""
    if project.opened_at is None or user is None:
        return False
    return is_party(user, project)


def require_bid_document_reader(project, user):
    if not bid_document_readers(project, user):
        raise Forbidden("not_allowed", "Bid documents are read after opening by the center, the purchasing unit "
                        "and the supervisor.")


def mimetype_of(name):
    return MIMETYPES.get(extension_of(name), "application/octet-stream")


def bid_document_list(project, bid):
    """[{index, name, part, sha256, size}] of an opened bid's documents, read from its sealed content (a
    document sealed before bids had parts counts as commercial)."""
    payload = unseal_bid(project, bid.ciphertext) if bid.ciphertext else None
    if payload is None:
        return []
    files = payload.get("documents", [])
    return [{"index": i, "name": d["name"], "part": d.get("part", "commercial"),
             "sha256": sha256_hex(base64.b64decode(d["content_base64"])),
             "size": len(base64.b64decode(d["content_base64"]))} for i, d in enumerate(files)]


def bid_document(actor, project_id, bid_id, index):
    """(name, content) of one document of an opened bid, for those allowed to read them."""
    from trading.tender.models import Bid
    from trading.tender.operations import get_project

    project = get_project(project_id, actor)
    require_bid_document_reader(project, actor)
    bid = db.session.get(Bid, bid_id)
    payload = unseal_bid(project, bid.ciphertext) if bid is not None and bid.project_id == project.id \
        and bid.valid is not None and bid.ciphertext else None
    files = payload.get("documents", []) if payload else []
    if index >= len(files):
        raise NotFound("document_not_found", "Document not found.")
    record_event(bid, "bid.document_read", actor, after={"index": index, "name": files[index]["name"]})
    return files[index]["name"], base64.b64decode(files[index]["content_base64"])
