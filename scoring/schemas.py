"""API input and output of the expert pool."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import PASSWORD, USERNAME, PageArgs


class ExpertIn(Schema):
    """The profile given with `POST /api/v1/users` for the role `expert` (its `expert` object)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    specialties = fields.List(fields.String(validate=validate.Length(min=1, max=20)), required=True,
                              validate=validate.Length(min=1))
    employer_uscc = fields.String(allow_none=True, validate=validate.Length(max=18))
    employer_name = fields.String(allow_none=True, validate=validate.Length(max=200))


USCC_FIELD = {"example": "91350100MA2YQ0K1XY", "description": "Unified social credit code, 18 characters"}


class ImportRowIn(ExpertIn):
    """One row of an expert import file (lists already split)."""

    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(load_default=None, validate=PASSWORD, load_only=True)
    conflicts = fields.List(fields.String(validate=validate.Length(max=18)), load_default=list)


class ExpertPatch(Schema):
    """`PATCH /experts/{id}`: the fields given are changed."""

    name = fields.String(validate=validate.Length(min=1, max=100))
    specialties = fields.List(fields.String(validate=validate.Length(min=1, max=20)), validate=validate.Length(min=1))
    employer_uscc = fields.String(allow_none=True, validate=validate.Length(max=18), metadata=USCC_FIELD)
    employer_name = fields.String(allow_none=True, validate=validate.Length(max=200))


class ConflictIn(Schema):
    uscc = fields.String(required=True, metadata=USCC_FIELD)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class ConflictOut(Schema):
    id = fields.Integer()
    uscc = fields.String()
    note = fields.String(allow_none=True)


class ExpertOut(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    username = fields.Function(lambda e: e.user.username)
    name = fields.String()
    specialties = fields.List(fields.String(), attribute="specialty_codes")
    employer_uscc = fields.String(allow_none=True)
    employer_name = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["active", "suspended"]})
    suspension_reason = fields.String(allow_none=True)
    panels_served = fields.Integer()
    declines = fields.Integer()
    deviation_warnings = fields.Integer()
    conflicts = fields.List(fields.Nested(ConflictOut))


class ExpertQuery(PageArgs):
    specialty = fields.String(load_default=None, validate=validate.Length(min=1, max=20))
    status = fields.String(load_default=None, validate=validate.OneOf(["active", "suspended"]))
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=100))


class ImportIn(Schema):
    """`POST /experts/import` as JSON (a multipart upload with a `file` part works too)."""

    filename = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={"example": "experts.csv"})
    content_base64 = fields.String(required=True, validate=validate.Length(min=1, max=3 * 1024 * 1024))


class ImportCreatedOut(Schema):
    row = fields.Integer()
    username = fields.String()
    expert_id = fields.Integer()
    name = fields.String()
    initial_password = fields.String(allow_none=True, metadata={
        "description": "The generated initial password, shown only here (null when the file gave one)"})


class ImportRejectedOut(Schema):
    row = fields.Integer()
    username = fields.String(allow_none=True)
    field = fields.String()
    message = fields.String()


class ImportOut(Schema):
    created = fields.List(fields.Nested(ImportCreatedOut))
    rejected = fields.List(fields.Nested(ImportRejectedOut))


# -- The draw, the score sheets and the result -------------------------------------------------

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
    seed = fields.String()


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


class CriterionOut(Schema):
    name = fields.String()
    max = fields.Float()


class BlindDocumentOut(Schema):
    number = fields.Integer()
    name = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


class BlindBidOut(Schema):
    code = fields.String(metadata={"example": "B01"})
    technical_proposal = fields.String()
    documents = fields.List(fields.Nested(BlindDocumentOut))


class SheetEntryOut(Schema):
    code = fields.String()
    criteria = fields.List(fields.Float(allow_none=True))
    comment = fields.String(allow_none=True)


class SheetOut(Schema):
    status = fields.String(metadata={"description": "draft | submitted | returned"})
    returned_reason = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    scores = fields.List(fields.Nested(SheetEntryOut))


class EvaluationOut(Schema):
    project_id = fields.Integer()
    criteria = fields.List(fields.Nested(CriterionOut))
    bids = fields.List(fields.Nested(BlindBidOut))
    sheet = fields.Nested(SheetOut)


class ScoreEntryIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=10))
    criteria = fields.List(fields.Raw(allow_none=True), required=True, validate=validate.Length(max=100),
                           metadata={"description": "One value per criterion, 0..max, at most 2 decimals (null: empty, drafts only)"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ScoresIn(Schema):
    scores = fields.List(fields.Nested(ScoreEntryIn), required=True, validate=validate.Length(max=500))
    submit = fields.Boolean(load_default=False)


class ReturnIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class AwardIn(Schema):
    bid_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=2**31 - 1))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class ExpertTotalOut(Schema):
    expert = fields.String(metadata={"example": "E1"})
    technical_raw = fields.Float()


class RankingOut(Schema):
    rank = fields.Integer()
    bid_id = fields.Integer()
    code = fields.String()
    bidder = fields.String()
    price = fields.String(metadata={"example": "960000.00"})
    credit_score = fields.Float(metadata={"description": "The bidder's credit score at opening"})
    credit = fields.Float()
    technical = fields.Float()
    commercial = fields.Float()
    total = fields.Float()
    experts = fields.List(fields.Nested(ExpertTotalOut))


class InvalidBidOut(Schema):
    bid_id = fields.Integer()
    bidder = fields.String()
    price = fields.String(allow_none=True)
    reason = fields.String()


class WarningOut(Schema):
    code = fields.String()
    expert = fields.String()
    bid_code = fields.String()
    deviation = fields.Float(metadata={"description": "Signed, as a fraction of the other experts' mean"})


class AwardOut(Schema):
    bid_id = fields.Integer()
    bidder = fields.String()
    amount = fields.String()
    savings = fields.String()
    savings_rate = fields.Float(metadata={"description": "A fraction with 4 decimals: 0.1300 is 13%"})
    reason = fields.String(allow_none=True)
    awarded_at = fields.String()


class PanelNameOut(Schema):
    expert = fields.String()
    name = fields.String()


class ResultOut(Schema):
    project_id = fields.Integer()
    project_code = fields.String()
    settings = fields.Dict(metadata={"description": "The evaluation settings (weights, price method, criteria)"})
    base_price = fields.String()
    ranking = fields.List(fields.Nested(RankingOut))
    invalid = fields.List(fields.Nested(InvalidBidOut))
    warnings = fields.List(fields.Nested(WarningOut))
    draws = fields.List(fields.Nested(DrawSeedOut))
    candidates = fields.List(fields.Integer())
    publicity_ends_at = fields.String()
    award = fields.Nested(AwardOut, allow_none=True)
    panel = fields.List(fields.Nested(PanelNameOut), metadata={"description": "The panel's names, once awarded"})


class AwardResultOut(Schema):
    award = fields.Nested(AwardOut)
