"""JSON API of tender documents, questions and answers, amendments, and bid documents."""
from flask import Blueprint
from marshmallow import Schema, fields

from core import validators as validate
from core.auth import api_roles, api_user
from core.errors import NotFound
from core.models import ROLES
from core.openapi import doc
from core.pdf import download_response
from core.schemas import LocalDateTime, load_args, load_json
from trading import amendments, documents, questions
from trading import operations as ops
from trading.schemas import DocumentIn, ReceiptOut

api = Blueprint("documents_api", __name__, url_prefix="/api/v1")
TEXT = validate.Length(min=1, max=5000)


class DocumentOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    uploaded_at = LocalDateTime()
    amendment_id = fields.Integer(allow_none=True)


class DocumentListOut(Schema):
    items = fields.List(fields.Nested(DocumentOut), required=True)


class QuestionIn(Schema):
    text = fields.String(required=True, validate=TEXT)


class QuestionCreatedOut(Schema):
    id = fields.Integer(required=True)


class QuestionOut(Schema):
    """A question without its asker."""

    id = fields.Integer(required=True)
    text = fields.String(required=True)
    answer = fields.String(allow_none=True)
    asked_at = LocalDateTime()
    answered_at = LocalDateTime(allow_none=True)


class QuestionListOut(Schema):
    items = fields.List(fields.Nested(QuestionOut), required=True)


class AmendmentIn(Schema):
    summary = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    bid_deadline = LocalDateTime(load_default=None, allow_none=True)
    signup_deadline = LocalDateTime(load_default=None, allow_none=True)
    documents = fields.List(fields.Nested(DocumentIn), load_default=list, validate=validate.Length(max=20))


class AmendmentOut(Schema):
    id = fields.Integer(required=True)
    notice_id = fields.Integer(required=True)
    summary = fields.String()
    published_at = LocalDateTime()
    bid_deadline = LocalDateTime(attribute="bid_deadline_after", required=True)
    signup_deadline = LocalDateTime(attribute="signup_deadline_after", required=True)
    postponed = fields.Boolean(required=True)


class AmendmentListOut(Schema):
    items = fields.List(fields.Nested(AmendmentOut), required=True)


class BidStatusOut(ReceiptOut):
    """The caller's bid with the amendments published since it was sealed, to confirm or replace it."""

    amendments_to_confirm = fields.Method("_pending", metadata={"type": "array", "items": {"type": "integer"}})

    def _pending(self, bid):
        return [a.id for a in amendments.amendments_to_confirm(bid)]


class BidDocumentOut(Schema):
    index = fields.Integer(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)


class BidDocumentsOut(Schema):
    bid_id = fields.Integer(required=True)
    items = fields.List(fields.Nested(BidDocumentOut), required=True)


class BidDocumentListOut(Schema):
    items = fields.List(fields.Nested(BidDocumentsOut), required=True)


# -- Tender documents -------------------------------------------------------------------------


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
    response = download_response(document.content, document.name, document.mimetype)
    response.set_etag(document.sha256)
    return response


# -- Questions --------------------------------------------------------------------------------


@api.post("/projects/<int:project_id>/questions")
@api_roles("bidder")
@doc("Ask a question before the bid deadline (the asker stays sealed)", QuestionIn, QuestionCreatedOut, status=201)
def ask_question(project_id):
    question = questions.ask_question(api_user(), project_id, load_json(QuestionIn())["text"])
    return {"id": question.id}, 201


@api.get("/projects/<int:project_id>/questions")
@doc("Answered questions, never the asker; the purchasing unit and the center also see unanswered ones",
     response=QuestionListOut, optional_auth=True)
def list_questions(project_id):
    user = api_user()
    project = ops.get_project(project_id, user)
    return {"items": QuestionOut(many=True).dump(questions.visible_questions(project, user))}


@api.post("/projects/<int:project_id>/questions/<int:question_id>/answer")
@api_roles("purchaser", "admin")
@doc("Answer a question (the purchasing unit or the center)", QuestionIn, QuestionOut)
def answer_question(project_id, question_id):
    return QuestionOut().dump(questions.answer_question(api_user(), project_id, question_id,
                                                        load_json(QuestionIn())["text"]))


# -- Amendments -------------------------------------------------------------------------------


@api.post("/projects/<int:project_id>/amendments")
@api_roles("purchaser", "admin")
@doc("Publish an amendment and its change notice; the bid deadline is postponed to restore the minimum "
     "clarification period", AmendmentIn, AmendmentOut, status=201)
def publish_amendment(project_id):
    data = load_json(AmendmentIn())
    amendment = amendments.publish_amendment(api_user(), project_id, data["summary"], data["bid_deadline"],
                                             data["signup_deadline"], data["documents"])
    return AmendmentOut().dump(amendment), 201


@api.get("/projects/<int:project_id>/amendments")
@doc("The project's amendments, oldest first", response=AmendmentListOut, optional_auth=True)
def list_amendments(project_id):
    project = ops.get_project(project_id, api_user())
    return {"items": AmendmentOut(many=True).dump(amendments.project_amendments(project))}


@api.get("/projects/<int:project_id>/bid/status")
@api_roles("bidder")
@doc("The caller's bid with the amendments published since it was sealed", response=BidStatusOut)
def bid_status(project_id):
    user = api_user()
    signup = ops.my_signup(user, ops.get_project(project_id, user))
    if signup is None or signup.bid is None:
        raise NotFound("You have no bid for this project.", "no_bid")
    return BidStatusOut().dump(signup.bid)


@api.post("/projects/<int:project_id>/bid/confirm")
@api_roles("bidder")
@doc("Confirm that the bid stands after the amendments published since it was sealed", response=BidStatusOut)
def confirm_bid(project_id):
    return BidStatusOut().dump(amendments.confirm_bid(api_user(), project_id))


# -- Bid documents after opening --------------------------------------------------------------


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


class BidDocumentQuery(Schema):
    index = fields.Integer(load_default=0, validate=validate.Range(min=0, max=19),
                           metadata={"description": "The document's index in the bid (0 to 19)"})


@api.get("/projects/<int:project_id>/bids/<int:bid_id>/document")
@api_roles("admin", "purchaser", "supervisor")
@doc("Download one document of an opened bid (?index=, from 0)", query=BidDocumentQuery,
     file="application/octet-stream")
def bid_document_content(project_id, bid_id):
    index = load_args(BidDocumentQuery())["index"]
    name, content = documents.bid_document(api_user(), project_id, bid_id, index)
    return download_response(content, name, documents.mimetype_of(name))
