"""API input and output for tender projects and bids."""
import base64
import binascii
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, post_load, validates_schema

from core import validators as validate
from core.schemas import MAX_PAGE, LocalDateTime, MoneyField, StrictBoolean
from trading.deposits.models import METHODS as DEPOSIT_METHODS
from trading.tender.models import CATEGORIES, METHODS, STATUSES, EvaluationSettings
from trading.tender.operations.bid_sealing import BID_PARTS

# Evaluation figures are points and percentages: bounded here so that no value is too large
# to store or compute with; their signs and sums are registration rules (trading.tender.operations.rules).
FIGURE = validate.Range(min=-100, max=100)
PANEL_SIZE = validate.Range(min=1, max=99)


class Weights(Schema):
    credit = fields.Decimal(required=True, validate=FIGURE)
    technical = fields.Decimal(required=True, validate=FIGURE)
    commercial = fields.Decimal(required=True, validate=FIGURE)


class Criterion(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    max = fields.Decimal(required=True, validate=FIGURE)


class EvaluationIn(Schema):
    weights = fields.Nested(Weights, required=True)
    price_method = fields.String(required=True, validate=validate.OneOf(["lowest", "average_deviation"]))
    k = fields.Decimal(load_default=None, allow_none=True, validate=FIGURE)
    up_deduction = fields.Decimal(load_default=None, allow_none=True, validate=FIGURE)
    down_deduction = fields.Decimal(load_default=None, allow_none=True, validate=FIGURE)
    sme_deduction = fields.Decimal(load_default=None, allow_none=True, validate=validate.Range(min=0, max=1), metadata={
        "description": "the SME price deduction (价格扣除): 0 for a project reserved for SMEs, 0.10–0.20 for goods "
                       "and services (default 0.10), 0.03–0.05 for construction (default 0.03)"})
    trim = StrictBoolean(load_default=True)
    technical_criteria = fields.List(fields.Nested(Criterion), required=True, validate=validate.Length(min=1, max=50))
    panel_size = fields.Integer(required=True, strict=True, validate=PANEL_SIZE)
    expert_specialty = fields.String(required=True, validate=validate.Length(min=1, max=20))

    @validates_schema
    def _average_deviation_parameters(self, data, **kwargs):
        if data.get("price_method") == "average_deviation":
            missing = {n: ["required for average_deviation"] for n in ("k", "up_deduction", "down_deduction") if data.get(n) is None}
            if missing:
                raise ValidationError(missing)

    @post_load
    def _settings(self, data, **kwargs):
        return EvaluationSettings.from_json(data)


# Tender money (budgets, ceilings, deposits, bid prices) is bounded so that no figure overflows Numeric(18, 2).
TENDER_MONEY_MAX = Decimal("100000000000.00")


class ProjectIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    description = fields.String(allow_none=True, validate=validate.Length(max=20000))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    method = fields.String(required=True, validate=validate.OneOf(METHODS))
    budget = MoneyField(required=True, maximum=TENDER_MONEY_MAX)
    ceiling_price = MoneyField(required=True, maximum=TENDER_MONEY_MAX)
    deposit = MoneyField(allow_zero=True, load_default=None, allow_none=True, maximum=TENDER_MONEY_MAX)
    signup_deadline = LocalDateTime(required=True)
    bid_deadline = LocalDateTime(required=True)
    evaluation = fields.Nested(EvaluationIn, required=True)
    responsible_person = fields.String(validate=validate.Length(min=1, max=100))
    responsible_phone = fields.String(allow_none=True, validate=validate.Length(max=40))


class ProjectQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES))
    mine = fields.Boolean(load_default=False)


class PurchaserOut(Schema):
    id = fields.Integer()
    name = fields.String()


class ProjectOut(Schema):
    """The public view: never who signed up, how many, or any bid."""

    id = fields.Integer()
    code = fields.String()
    title = fields.String()
    description = fields.String(allow_none=True)
    category = fields.String()
    method = fields.String()
    status = fields.String()
    budget = MoneyField()
    ceiling_price = MoneyField()
    deposit = MoneyField()
    signup_deadline = LocalDateTime()
    bid_deadline = LocalDateTime()
    evaluation = fields.Function(lambda project: project.evaluation.to_api())
    responsible_person = fields.String()
    responsible_phone = fields.String(allow_none=True)
    purchaser = fields.Nested(PurchaserOut)
    created_at = LocalDateTime()
    submitted_at = LocalDateTime(allow_none=True)
    published_at = LocalDateTime(allow_none=True)
    opened_at = LocalDateTime(allow_none=True)
    closed_reason = fields.String(allow_none=True)


class DocumentIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    content_base64 = fields.String(required=True)

    @post_load
    def _decode(self, data, **kwargs):
        try:
            content = base64.b64decode(data["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError({"content_base64": ["is not valid base64"]}) from None
        return {"name": data["name"], "content": content}


class BidDocumentIn(DocumentIn):
    part = fields.String(required=True, validate=validate.OneOf(BID_PARTS), metadata={
        "description": "technical: shown to the panel by bid code and searched at the opening for what "
                       "names the bidder (暗标); commercial (bid letter, price breakdown) and qualification: "
                       "never shown to the panel"})

    @post_load
    def _decode(self, data, **kwargs):
        return {**super()._decode(data), "part": data["part"]}


class DepositIn(Schema):
    """The deposit record sealed inside the bid (domain.md: Deposits)."""

    method = fields.String(required=True, validate=validate.OneOf(DEPOSIT_METHODS), metadata={
        "description": "transfer: to the center's deposit account; guarantee: an electronic guarantee (电子保函)"})
    amount = MoneyField(required=True, maximum=TENDER_MONEY_MAX)
    reference = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={
        "description": "the bank transfer's reference, or the guarantee's number"})
    issuer = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200), metadata={
        "description": "the paying bank, or the guarantee's issuer (required for a guarantee)"})

    @validates_schema
    def _issuer(self, data, **kwargs):
        if data.get("method") == "guarantee" and not (data.get("issuer") or "").strip():
            raise ValidationError({"issuer": ["Required for a guarantee."]})


class BidIn(Schema):
    price = MoneyField(required=True, maximum=TENDER_MONEY_MAX)
    deposit = fields.Nested(DepositIn, load_default=None, allow_none=True, metadata={
        "description": "the deposit given for this project, sealed with the bid: nobody learns it before the opening"})
    sme = StrictBoolean(load_default=False, metadata={
        "description": "a small or micro enterprise, declared in the sealed commercial part (中小企业声明函): its "
                       "price counts the project's sme_deduction less in the commercial score"})
    technical_proposal = fields.String(required=True, validate=validate.Length(min=1, max=200000))
    documents = fields.List(fields.Nested(BidDocumentIn), load_default=list, validate=validate.Length(max=20))


class ReceiptOut(Schema):
    """What the bidder sees of its own bid: never decrypted before opening."""

    bid_id = fields.Integer(attribute="id")
    project_id = fields.Integer()
    status = fields.String()
    receipt = fields.String(allow_none=True)
    submitted_at = LocalDateTime(allow_none=True)
    withdrawn_at = LocalDateTime(allow_none=True)
    # Only in the answer to a submission: the sealed documents' names and SHA-256.
    documents = fields.List(fields.Dict(), attribute="sealed_documents",
                            metadata={"description": "[{name, part, sha256}], in the answer to PUT only"})


class OpenedBidOut(Schema):
    bid_id = fields.Integer(attribute="id")
    bidder = fields.Function(lambda b: b.organization.name, metadata={"type": "string"})
    bidder_uscc = fields.Function(lambda b: b.organization.uscc, metadata={"type": "string"})
    price = MoneyField(allow_none=True)
    receipt = fields.String()
    receipt_ok = fields.Boolean()
    valid = fields.Boolean()
    invalid_reason = fields.String(allow_none=True)
    abnormally_low = fields.Boolean()
    blind_check = fields.Function(lambda b: b.blind_check.status if b.blind_check else None, allow_none=True, metadata={
        "type": "string",
        "description": "the technical part names its bidder: pending, confirmed or dismissed (暗标)"})
    submitted_at = LocalDateTime()


class SignupOut(Schema):
    project_id = fields.Integer(required=True)
    signed_up_at = LocalDateTime(required=True)


class MySignupOut(Schema):
    signed_up_at = LocalDateTime(required=True)
    bid = fields.Nested(ReceiptOut, allow_none=True, required=True)


class OpeningRecordOut(Schema):
    bids = fields.List(fields.Nested(OpenedBidOut), required=True)


class ProjectViewOut(ProjectOut):
    """A project as the caller sees it: the public view, plus the caller's own sign-up
    (bidders) and the opening record (those who may see it, after opening)."""

    my_signup = fields.Nested(MySignupOut)
    opening = fields.Nested(OpeningRecordOut)


class OpeningOut(Schema):
    project_id = fields.Integer(required=True)
    status = fields.String(required=True)
    opened_at = LocalDateTime(allow_none=True)
    bids = fields.List(fields.Nested(OpenedBidOut), required=True)


class ProjectBriefOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)


class MyBidOut(Schema):
    project = fields.Nested(ProjectBriefOut, required=True)
    bid = fields.Nested(ReceiptOut, allow_none=True, required=True)


class MyBidsOut(Schema):
    items = fields.List(fields.Nested(MyBidOut), required=True)
