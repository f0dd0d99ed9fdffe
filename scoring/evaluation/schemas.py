"""API input and output of the evaluation, the result and the award."""
from marshmallow import Schema, fields

from core import validators as validate
from scoring.draw.schemas import DrawSeedOut
from scoring.sheets.schemas import BlindBidOut, CriterionOut, SheetOut


class EvaluationOut(Schema):
    project_id = fields.Integer()
    criteria = fields.List(fields.Nested(CriterionOut))
    bids = fields.List(fields.Nested(BlindBidOut))
    sheet = fields.Nested(SheetOut)


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
    sme = fields.Boolean(metadata={"description": "declared a small or micro enterprise in its sealed commercial part"})
    evaluation_price = fields.String(metadata={
        "example": "864000.00", "description": "the price the commercial part used: the price less the project's SME "
                                               "deduction for a small or micro enterprise, else the price"})
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
