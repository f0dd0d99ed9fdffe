"""API input and output of mall suppliers."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime, PageArgs
from mall.catalogue.schemas import CODE
from mall.suppliers.models import SUPPLIER_STATUSES


class SupplierApplyIn(Schema):
    categories = fields.List(fields.String(validate=CODE), required=True, validate=validate.Length(min=1, max=50),
                             metadata={"example": ["A020201", "A020501"]})


class SupplierOut(Schema):
    id = fields.Integer()
    organization_id = fields.Integer()
    organization_name = fields.Function(lambda s: s.organization.name)
    status = fields.String(metadata={"enum": list(SUPPLIER_STATUSES)})
    reason = fields.String(allow_none=True)
    categories = fields.List(fields.String(), attribute="approved_codes",
                             metadata={"description": "Approved category codes"})
    pending_categories = fields.List(fields.String(), attribute="pending_codes",
                                     metadata={"description": "Category codes waiting for the center's decision"})
    rating = fields.Decimal(as_string=True, allow_none=True)
    rating_count = fields.Integer()
    created_at = LocalDateTime()
    decided_at = LocalDateTime(allow_none=True)


class SupplierQuery(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(SUPPLIER_STATUSES))
