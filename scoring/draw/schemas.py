"""API input and output of the draw, the panel and the experts' assignments."""
from marshmallow import Schema, fields

from core import validators as validate

SEED = validate.Regexp(r"^[A-Za-z0-9_\-]{8,128}$", error="8 to 128 letters, digits, '-' or '_'")


class DrawIn(Schema):
    seed = fields.String(load_default=None, allow_none=True, validate=SEED, metadata={
        "description": "The draw's seed; a random one when omitted. Its SHA-256 is recorded before the draw."})


class DrawnExpertOut(Schema):
    expert_id = fields.Integer()
    name = fields.String()


class DrawOut(Schema):
    round = fields.Integer()
    panel = fields.List(fields.Nested(DrawnExpertOut))
    reserves = fields.List(fields.Nested(DrawnExpertOut))
    eligible_ids = fields.List(fields.Integer(), metadata={"description": "The eligible list, sorted by id"})
    seed_commitment = fields.String(metadata={"description": "SHA-256 of the seed (hex)"})
    seed = fields.String()


class PanelMemberOut(Schema):
    id = fields.Integer()
    expert_id = fields.Integer(allow_none=True, metadata={"description": "Hidden (null) from the purchasing unit until the award"})
    name = fields.String(allow_none=True, metadata={"description": "Hidden (null) from the purchasing unit until the award"})
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


class DrawSummaryOut(DrawSeedOut):
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


class AssignmentOut(Schema):
    project_id = fields.Integer()
    project_code = fields.String()
    title = fields.String()
    status = fields.String(metadata={"description": "invited | accepted | declined"})
    sheet = fields.String(metadata={"description": "empty | draft | submitted | returned"})
    returned_reason = fields.String(allow_none=True)
    todo = fields.String(metadata={"description": "respond | score | resubmit | done | closed"})
