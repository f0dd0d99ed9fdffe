"""Pages of tender documents and bid documents: adding a document, downloading one."""
from flask import Blueprint, request
from flask_babel import gettext as _

from core.auth import page_roles, page_user
from core.errors import ValidationFailed
from core.pdf import download_response
from core.schemas import load_filters
from core.web import run_action
from trading.documents import operations as documents
from trading.documents.schemas import BidDocumentQuery
from trading.tender.views import project_url

web = Blueprint("tender_docs", __name__)


@web.post("/projects/<int:project_id>/documents")
@page_roles("purchaser")
def add_document(project_id):
    upload = request.files.get("document")

    def attach():
        if upload is None or not upload.filename:
            raise ValidationFailed({"document": ["choose a file"]})
        return documents.add_document(page_user(), project_id, upload.filename, upload.read())

    return run_action(attach, lambda d: _("Document %(name)s attached.", name=d.name),
                      project_url(project_id, "documents"))


@web.get("/projects/<int:project_id>/documents/<int:document_id>")
@page_roles("admin", "purchaser", "bidder", "supervisor", "expert")
def document_content(project_id, document_id):
    document = documents.download_document(page_user(), project_id, document_id)
    return download_response(document.content, document.name, document.mimetype, etag=document.sha256)


@web.get("/projects/<int:project_id>/bids/<int:bid_id>/document")
@page_roles("admin", "purchaser", "supervisor")
def bid_document(project_id, bid_id):
    index = load_filters(BidDocumentQuery())["index"]
    name, content = documents.bid_document(page_user(), project_id, bid_id, index)
    return download_response(content, name, documents.mimetype_of(name))
