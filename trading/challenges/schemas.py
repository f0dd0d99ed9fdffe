"""API input and output of challenges and complaints; the challenger is shown only to whom it may be."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime, PageArgs
from trading.challenges.models import CHALLENGE_STATUSES, COMPLAINT_STATUSES, CONSEQUENCES, DECISIONS, SUBJECTS
from trading.challenges.operations.complaints import MAX_SUSPENSION_DAYS
from trading.tender.schemas import DocumentIn

TEXT = validate.Length(min=1, max=5000)


class ChallengeIn(Schema):
    subject = fields.String(required=True, validate=validate.OneOf(SUBJECTS))
    text = fields.String(required=True, validate=TEXT)
    documents = fields.List(fields.Nested(DocumentIn), load_default=list, validate=validate.Length(max=10),
                            metadata={"description": "evidence, PDF files"})


class ReplyIn(Schema):
    text = fields.String(required=True, validate=TEXT)
    documents = fields.List(fields.Nested(DocumentIn), load_default=list, validate=validate.Length(max=10))


class ComplaintIn(ReplyIn):
    pass


class SuspendIn(Schema):
    days = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_SUSPENSION_DAYS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class DecideIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    consequence = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(CONSEQUENCES))
    text = fields.String(required=True, validate=TEXT)


class ChallengeQuery(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(CHALLENGE_STATUSES))
    subject = fields.String(load_default=None, validate=validate.OneOf(SUBJECTS))


class ComplaintQuery(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(COMPLAINT_STATUSES))


class ChallengeFileOut(Schema):
    id = fields.Integer(required=True)
    purpose = fields.String(required=True, metadata={"enum": ["challenge", "reply", "complaint"]})
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)


class ComplaintOut(Schema):
    id = fields.Integer(required=True)
    challenge_id = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    text = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(COMPLAINT_STATUSES)})
    submitted_at = LocalDateTime(required=True)
    decision_due_on = fields.Date(required=True)
    decision_due_estimated = fields.Boolean(required=True, metadata={
        "description": "the deadline was counted Monday to Friday: the calendar has no holidays for its year"})
    suspended_until = LocalDateTime(allow_none=True)
    decision = fields.String(allow_none=True, metadata={"enum": [*DECISIONS, None]})
    consequence = fields.String(allow_none=True, metadata={"enum": [*CONSEQUENCES, None]})
    decision_text = fields.String(allow_none=True)
    decided_at = LocalDateTime(allow_none=True)
    notice_id = fields.Integer(allow_none=True)
    redraft_project_id = fields.Integer(allow_none=True)


class ChallengeOut(Schema):
    """A challenge; `challenger` is null for whom it is sealed (a challenge on the documents before the opening)."""

    id = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    subject = fields.String(required=True, metadata={"enum": list(SUBJECTS)})
    text = fields.String(required=True)
    challenger = fields.Function(lambda c: None, allow_none=True, metadata={"type": "string"})
    status = fields.String(required=True, metadata={"enum": list(CHALLENGE_STATUSES)})
    submitted_at = LocalDateTime(required=True)
    reply_due_on = fields.Date(required=True)
    reply_due_estimated = fields.Boolean(required=True)
    complaint_due_on = fields.Date(required=True)
    complaint_due_estimated = fields.Boolean(required=True)
    reply = fields.String(allow_none=True)
    replied_at = LocalDateTime(allow_none=True)
    files = fields.List(fields.Nested(ChallengeFileOut), required=True)
    complaint = fields.Nested(ComplaintOut, allow_none=True)


class ChallengeCreatedOut(Schema):
    id = fields.Integer(required=True)
    reply_due_on = fields.Date(required=True)
    reply_due_estimated = fields.Boolean(required=True)


class ComplaintCreatedOut(Schema):
    id = fields.Integer(required=True)
    decision_due_on = fields.Date(required=True)
    decision_due_estimated = fields.Boolean(required=True)
