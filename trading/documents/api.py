"""JSON API of tender documents and of the bid documents the opening reveals."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.models import ROLES
from core.openapi import doc
from core.pdf import download_response
from core.schemas import load_args, load_json
from trading.documents import operations as documents
from trading.documents.schemas import BidDocumentListOut, BidDocumentQuery, DocumentListOut, DocumentOut
from trading.tender import operations as ops
from trading.tender.schemas import DocumentIn

api = Blueprint("documents_api", __name__, url_prefix="/api/v1")


@api.get("/projects/<int:project_id>/documents")
@doc("The tender documents' metadata (name, size, SHA-256)", response=DocumentListOut, optional_auth=True)
def list_documents(project_id):
    project = ops.get_project(project_id, api_user())
    return {"items": DocumentOut(many=True).dump(documents.project_documents(project))}


@api.post("/projects/<int:project_id>/documents")
@api_roles("purchaser")
@doc("Attach a tender document to a draft (PDF, Word, Excel or ZIP, checked by content)", DocumentIn, DocumentOut,
     status=201)
def add_document(project_id):
    data = load_json(DocumentIn())
    return DocumentOut().dump(documents.add_document(api_user(), project_id, data["name"], data["content"])), 201


@api.get("/projects/<int:project_id>/documents/<int:document_id>/content")
@api_roles(*ROLES)
@doc("Download a tender document (signed-up bidders, the purchasing unit, the center, the supervisor); "
     "its SHA-256 is the ETag", file="application/octet-stream")
def document_content(project_id, document_id):
    document = documents.download_document(api_user(), project_id, document_id)
    return download_response(document.content, document.name, document.mimetype, etag=document.sha256)


@api.get("/projects/<int:project_id>/bid-documents")
@api_roles("admin", "purchaser", "supervisor")
@doc("The opened bids' documents with their SHA-256 (the center, the purchasing unit, the supervisor)",
     response=BidDocumentListOut)
def list_bid_documents(project_id):
    user = api_user()
    project = ops.get_project(project_id, user)
    documents.require_bid_document_reader(project, user)
    return {"items": [{"bid_id": bid.id, "items": documents.bid_document_list(project, bid)}
                      for bid in ops.opening_record(project)]}


@api.get("/projects/<int:project_id>/bids/<int:bid_id>/document")
@api_roles("admin", "purchaser", "supervisor")
@doc("Download one document of an opened bid (?index=, from 0)", query=BidDocumentQuery,
     file="application/octet-stream")
def bid_document_content(project_id, bid_id):
    index = load_args(BidDocumentQuery())["index"]
    name, content = documents.bid_document(api_user(), project_id, bid_id, index)
    return download_response(content, name, documents.mimetype_of(name))
