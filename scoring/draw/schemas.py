"""API input and output of the draw, the panel and the experts' assignments."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime

PLACE = validate.Length(min=1, max=200)
SEED = validate.Regexp(r"^[A-Za-z0-9_\-]{8,128}$", error="8 to 128 letters, digits, '-' or '_'")


class DrawIn(Schema):
    seed = fields.String(load_default=None, allow_none=True, validate=SEED, metadata={
        "description": "The draw's seed; a random one when omitted. Its SHA-256 is recorded before the draw."})
    evaluation_at = LocalDateTime(load_default=None, allow_none=True, metadata={
        "description": "When the evaluation takes place (ISO 8601 with offset), not in the past; the invitations "
                       "say it. Omitted: the last round's, else announced later."})
    evaluation_place = fields.String(load_default=None, allow_none=True, validate=PLACE, metadata={
        "description": "Where the evaluation takes place (at most 200 characters); the invitations say it. "
                       "Omitted: the last round's, else announced later."})


class EvaluationTimeOut(Schema):
    evaluation_at = LocalDateTime(allow_none=True, metadata={"description": "When the evaluation takes place"})
    evaluation_place = fields.String(allow_none=True, metadata={"description": "Where the evaluation takes place"})


class DrawnExpertOut(Schema):
    expert_id = fields.Integer()
    name = fields.String()


class DrawOut(EvaluationTimeOut):
    round = fields.Integer()
    panel = fields.List(fields.Nested(DrawnExpertOut))
    reserves = fields.List(fields.Nested(DrawnExpertOut))
    eligible_ids = fields.List(fields.Integer(), metadata={"description": "The eligible list, sorted by id"})
    seed_commitment = fields.String(metadata={"description": "SHA-256 of the seed (hex)"})
    seed = fields.String()


HIDDEN = "Hidden (null) from the purchasing unit until the award"


class PanelMemberOut(Schema):
    id = fields.Integer()
    expert_id = fields.Integer(allow_none=True, metadata={"description": HIDDEN})
    name = fields.String(allow_none=True, metadata={"description": HIDDEN})
    label = fields.String(allow_none=True, metadata={"description": "E1, E2, … once evaluated"})
    role = fields.String(metadata={"description": "member | reserve"})
    status = fields.String(metadata={"description": "invited | accepted | declined | reserve"})
    round = fields.Integer()
    sheet = fields.String(metadata={"description": "empty | draft | submitted | returned"})


class DrawSeedOut(Schema):
    round = fields.Integer()
    seed_commitment = fields.String()
    seed = fields.String(allow_none=True, metadata={
        "description": "null before the award for those who may not know the panel yet"})
    eligible_ids = fields.List(fields.Integer(), metadata={"description": "published with the award"})


class DrawSummaryOut(DrawSeedOut, EvaluationTimeOut):
    drawn_at = fields.DateTime()


class PanelOut(Schema):
    project_id = fields.Integer()
    panel_size = fields.Integer()
    complete = fields.Boolean(metadata={"description": "Every member drawn has accepted"})
    members = fields.List(fields.Nested(PanelMemberOut))
    draws = fields.List(fields.Nested(DrawSummaryOut))


class RespondIn(Schema):
    accept = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class AssignmentOut(EvaluationTimeOut):
    project_id = fields.Integer()
    project_code = fields.String()
    title = fields.String()
    purchaser = fields.String(metadata={"description": "The purchasing unit's name"})
    category = fields.String(metadata={"description": "construction | goods | services"})
    specialty = fields.String(metadata={"description": "The panel's specialty code (A01, …)"})
    status = fields.String(metadata={"description": "invited | accepted | declined"})
    sheet = fields.String(metadata={"description": "empty | draft | submitted | returned"})
    returned_reason = fields.String(allow_none=True)
    todo = fields.String(metadata={"description": "respond | score | resubmit | done | closed"})
