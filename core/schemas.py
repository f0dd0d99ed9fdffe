"""Marshmallow schemas and fields shared by the API: money, times, pagination, accounts."""
import base64
import binascii
from datetime import datetime, timezone

from flask import request
from marshmallow import Schema, ValidationError, fields

from core import validators as validate
from core.errors import Amount, BadRequest, ValidationFailed, message
from core.inputs import MAX_ID, check_text
from core.models import CREDIT_RECORD_KINDS, ORG_KINDS
from core.money import MoneyError, format_money, parse_money, quantize
from core.timeutil import isoformat, parse_datetime


class MoneyField(fields.Field):
    """CNY amount: accepts a string or number with at most two decimals, up to `maximum` when given (so that
    no figure computed from it overflows Numeric(18, 2)); dumps "1250000.00"."""

    def __init__(self, allow_zero=False, maximum=None, **kwargs):
        self.allow_zero = allow_zero
        self.maximum = maximum
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return format_money(value)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            amount = parse_money(value, allow_zero=self.allow_zero)
        except MoneyError as err:
            raise ValidationError(str(err)) from None
        if self.maximum is not None and amount > self.maximum:
            raise ValidationError(message("must be at most %(maximum)s", maximum=Amount(self.maximum)))
        return amount


# Times outside these years are typing mistakes, and near year 1 or 9999 they overflow on
# conversion to or from UTC.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(3000, 1, 1, tzinfo=timezone.utc)
MAX_PAGE = 100000
# Bounds of ids and counts stored in Integer columns.
ID = validate.Range(min=1, max=MAX_ID)


class LocalDateTime(fields.Field):
    """ISO 8601 with offset; a value without offset is the center's local time."""

    def _serialize(self, value, attr, obj, **kwargs):
        return isoformat(value)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("must be an ISO 8601 date and time")
        try:
            moment = parse_datetime(value)
        except ValueError:
            raise ValidationError("must be an ISO 8601 date and time") from None
        except OverflowError:  # year 1 or 9999 with an offset
            moment = None
        if moment is None or not EARLIEST <= moment < LATEST:
            raise ValidationError("must be between the years 2000 and 2999")
        return moment


class Points(fields.Float):
    """Credit points and scores: a JSON number rounded to two decimals (half up)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else float(quantize(value))


class StrictBoolean(fields.Boolean):
    """JSON true or false only (marshmallow's Boolean also takes 0, 1, "yes", "on"...)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def _two_decimals(value):
    # From the digits, not quantize(): that fails on numbers longer than the context's precision.
    _, digits, exponent = value.as_tuple()
    if isinstance(exponent, int) and exponent < -2 and any(digits[exponent + 2:]):
        raise ValidationError("at most two decimals")


def _flatten(messages, prefix=""):
    flat = {}
    for key, value in messages.items():
        # Errors about a nested object as a whole are named after the object itself.
        name = prefix.rstrip(".") if key == "_schema" and prefix else f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = [v if isinstance(v, str) else str(v) for v in value]
    return flat


def load_json(schema, partial=False):
    """Parse the request body with `schema`: 400 when not a JSON object, 422 per field."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise BadRequest("malformed_json", "The request body is nested too deeply.") from None
    if data is None and request.content_length in (None, 0) and not request.data:
        data = {}
    if not isinstance(data, dict):
        raise BadRequest("malformed_json", "The request body must be a JSON object.")
    return load_data(schema, data, partial)


def load_args(schema):
    return load_data(schema, request.args.to_dict())


def load_filters(schema):
    """A page's list filters from the query string, with the API's schema: a value that breaks its
    rule is left out (the page shows the unfiltered list rather than an error)."""
    data = request.args.to_dict()
    try:
        return schema.load(data)
    except ValidationError as err:
        return schema.load({k: v for k, v in data.items() if k not in err.messages})


def load_data(schema, data, partial=False):
    """Load a dict with `schema` (API bodies, page forms): 422 with dotted field names."""
    check_text(data)
    try:
        return schema.load(data, partial=partial)
    except ValidationError as err:
        raise ValidationFailed(_flatten(err.messages)) from None


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class OrganizationQuery(PageArgs):
    STATUSES = ("pending", "approved", "rejected")

    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    kind = fields.String(load_default=None, validate=validate.OneOf(ORG_KINDS))


def paginate(stmt, args, dump):
    from core.extensions import db

    result = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False, count=True)
    return {"items": [dump(item) for item in result.items], "page": result.page,
            "per_page": result.per_page, "total": result.total}


# -- Accounts and organisations -------------------------------------------------------------

USERNAME = validate.Regexp(r"^[A-Za-z0-9_.\-]{3,64}$", error="3 to 64 letters, digits, '.', '_' or '-'")
# The length only; core.passwords checks the rest (not the username, not guessable).
PASSWORD = validate.Length(min=10, max=128, error="must have 10 to 128 characters")
PHONE = validate.Regexp(r"^[0-9+\-() ]{6,20}$", error="must be a phone number")


USCC_EXAMPLE = {"example": "91350100MA2YQ0K1XY", "description": "Unified social credit code, 18 characters"}


class RegisterOrganization(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    uscc = fields.String(required=True, metadata=USCC_EXAMPLE)
    contact_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    contact_phone = fields.String(required=True, validate=PHONE)


class RegisterIn(Schema):
    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(required=True, validate=PASSWORD, load_only=True)
    organization = fields.Nested(RegisterOrganization, required=True)


class TokenIn(Schema):
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class TokenOut(Schema):
    token = fields.String()
    expires_at = LocalDateTime()


class UserIn(Schema):
    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(required=True, validate=PASSWORD, load_only=True)
    role = fields.String(required=True, validate=validate.OneOf(["admin", "purchaser", "bidder", "expert", "supervisor"]))
    organization_id = fields.Integer(allow_none=True, strict=True, validate=ID)
    display_name = fields.String(allow_none=True, validate=validate.Length(max=100))
    # The role's profile, checked by the module that keeps it (scoring: name, specialties, employer_uscc).
    expert = fields.Dict(allow_none=True, metadata={
        "description": "For the role expert: {name, specialties: [code], employer_uscc?, employer_name?}"})


class OrganizationName(Schema):
    id = fields.Integer()
    name = fields.String()
    uscc = fields.String()


class OrganizationBrief(OrganizationName):
    kind = fields.String()
    status = fields.String()


class CreditRecordOut(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": list(CREDIT_RECORD_KINDS)})
    points = fields.Decimal(as_string=True, metadata={"type": "string", "format": "decimal",
                                                      "description": "Positive: the kind says which way it counts"})
    deduction = fields.Method("_deduction", metadata={
        "type": "string", "format": "decimal", "nullable": True,
        "description": "The points of a deduction; null for a bonus"})
    reason = fields.String()
    valid_from = fields.Date(allow_none=True)
    expires_on = fields.Date()

    def _deduction(self, record):
        return str(record.points) if record.kind == "deduction" else None


class OrganizationOut(OrganizationBrief):
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    credit_score = fields.Integer(allow_none=True)
    credit_grade = fields.String(allow_none=True)
    effective_credit_score = fields.Method("_effective", metadata={"type": "number"})
    blacklisted_until = fields.Date(allow_none=True)
    blacklist_reason = fields.String(allow_none=True)
    credit_records = fields.List(fields.Nested(CreditRecordOut))
    created_at = LocalDateTime()
    rejection_reason = fields.String(allow_none=True)

    def _effective(self, org):
        return float(org.effective_credit_score())


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    role = fields.String()
    display_name = fields.String(allow_none=True)
    organization_id = fields.Integer(allow_none=True)


class OrganizationIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    uscc = fields.String(required=True, metadata=USCC_EXAMPLE)
    kind = fields.String(required=True, validate=validate.OneOf(["purchaser", "bidder", "center", "supervisor"]))
    contact_name = fields.String(allow_none=True, validate=validate.Length(max=100))
    contact_phone = fields.String(allow_none=True, validate=PHONE)


class CreditIn(Schema):
    score = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=100))
    grade = fields.String(allow_none=True, validate=validate.OneOf(["A", "B", "C", "D"]))
    blacklisted_until = fields.Date(allow_none=True)
    note = fields.String(required=True, validate=validate.Length(min=1, max=500))


class CreditRecordIn(Schema):
    deduction = fields.Decimal(required=True, validate=[
        validate.Range(min=0, min_inclusive=False, max=100),
        _two_decimals,
    ])
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
    expires_on = fields.Date(required=True)


class CreditSourceOut(Schema):
    kind = fields.String(metadata={"description": "\"center\" for a record the center entered, else what gave it "
                                                  "(a contract's performance rating)"})
    reference = fields.String(allow_none=True, metadata={"description": "e.g. the contract number"})
    link = fields.String(allow_none=True, metadata={"description": "The source's page on this site"})


class PublicCreditRecordOut(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": list(CREDIT_RECORD_KINDS)})
    points = Points(metadata={"description": "Positive: the kind says which way it counts"})
    reason = fields.String()
    source = fields.Nested(CreditSourceOut)
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(attribute="expires_on", metadata={"description": "The first day it no longer counts"})
    active = fields.Method("_active", metadata={"type": "boolean"})

    def _active(self, record):
        return record.is_active()


class PublicCreditOut(Schema):
    organization = fields.Nested(OrganizationName)
    score = Points(metadata={"description": "base + min(bonus_cap, active bonuses) - active deductions, "
                                            "within 0..100"})
    base = Points(metadata={"description": "The score or grade the center set (default 80)"})
    bonus_cap = fields.Integer(metadata={"description": "The most the active bonuses count in all"})
    records = fields.List(fields.Nested(PublicCreditRecordOut), metadata={"description": "Newest first"})


class ReasonIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class ApplicationIn(RegisterOrganization):
    """A rejected applicant's corrected registration."""


class PasswordChangeIn(Schema):
    current_password = fields.String(required=True, load_only=True)
    new_password = fields.String(required=True, validate=PASSWORD, load_only=True)


class PasswordChangedOut(Schema):
    sessions_ended = fields.Integer()
    tokens_revoked = fields.Integer()


# -- Response bodies that are not one model --------------------------------------------------


class RegisterOut(Schema):
    user = fields.Nested(UserOut, required=True)
    organization = fields.Nested(OrganizationOut, required=True)


class TrailVerifyOut(Schema):
    ok = fields.Boolean(required=True)
    events = fields.Integer(required=True, metadata={"description": "Events visible in counts (sealed ones excluded)"})
    first_bad_event = fields.Integer(allow_none=True, metadata={"description": "Only when ok is false"})
    problem = fields.String(metadata={"description": "Only when ok is false: the first problem"})
    problems = fields.List(fields.Dict(), metadata={"description": "Only when ok is false: every problem, "
                                                                  "each naming its object"})


class AnchorOut(Schema):
    id = fields.Integer()
    created_at = fields.String(metadata={"description": "UTC, ISO 8601, exactly as hashed"})
    heads_hash = fields.String(metadata={"description": "SHA-256 of the canonical JSON of the chain heads"})
    prev_hash = fields.String()
    hash = fields.String(metadata={"description": "SHA-256(prev_hash + canonical JSON {created_at, heads_hash})"})
    signature = fields.String(metadata={"description": "base64 Ed25519 signature over the ASCII hex hash"})


class AnchorPageOut(Schema):
    public_key = fields.String(metadata={"description": "Ed25519 public key, PEM (SubjectPublicKeyInfo)"})
    items = fields.List(fields.Nested(AnchorOut))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


def uploaded_file(schema, max_bytes):
    """(filename, bytes) of a multipart `file` part, or of the JSON {filename, content_base64} that `schema` loads."""
    upload = request.files.get("file")
    if upload is not None:
        return upload.filename, upload.read(max_bytes + 1)
    data = load_json(schema)
    try:
        return data["filename"], base64.b64decode(data["content_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed({"content_base64": ["is not valid base64"]}) from None
