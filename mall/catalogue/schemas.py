"""API input and output of the mall catalogue."""
from decimal import Decimal

from marshmallow import Schema, fields

from core import validators as validate
from core.inputs import MAX_ID
from core.schemas import LocalDateTime, MoneyField, PageArgs, StrictBoolean

CODE = validate.Length(min=1, max=20)
STOCK = validate.Range(min=0, max=MAX_ID)
MONEY_EXAMPLE = {"example": "2399.00"}
# Unit, reference and quote prices are bounded so that no order or competition figure overflows Numeric(18, 2).
MALL_PRICE_MAX = Decimal("100000000.00")


class CategoryOut(Schema):
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    children = fields.List(fields.Nested(lambda: CategoryOut()))


class CategoryTreeOut(Schema):
    items = fields.List(fields.Nested(CategoryOut))


class ProductIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    category = fields.String(required=True, validate=CODE)
    brand = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    model = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    spec = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=20), metadata={"example": "台"})
    price = MoneyField(required=True, maximum=MALL_PRICE_MAX, metadata=MONEY_EXAMPLE)
    reference_price = MoneyField(required=True, maximum=MALL_PRICE_MAX, metadata={"example": "2599.00"})
    reference_source = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200),
                                     metadata={"example": "厂商官网指导价"})
    stock = fields.Integer(required=True, validate=STOCK, strict=True)
    on_shelf = StrictBoolean(load_default=True)


class ProductPatch(Schema):
    """`PATCH /mall/products/{id}`: the fields given are changed."""

    price = MoneyField(maximum=MALL_PRICE_MAX, metadata=MONEY_EXAMPLE)
    reference_price = MoneyField(maximum=MALL_PRICE_MAX, metadata={"example": "2599.00"})
    reference_source = fields.String(allow_none=True, validate=validate.Length(max=200))
    stock = fields.Integer(validate=STOCK, strict=True)
    on_shelf = StrictBoolean()


class SupplierBrief(Schema):
    id = fields.Integer(attribute="supplier_id")
    name = fields.Function(lambda p: p.supplier.name)


class ProductOut(Schema):
    id = fields.Integer()
    name = fields.String()
    category = fields.String(attribute="category_code")
    category_name = fields.Function(lambda p: p.category.name)
    brand = fields.String(allow_none=True)
    model = fields.String(allow_none=True)
    spec = fields.String(allow_none=True)
    unit = fields.String()
    price = MoneyField()
    reference_price = MoneyField()
    reference_source = fields.String(allow_none=True)
    stock = fields.Integer()
    on_shelf = fields.Boolean()
    supplier = fields.Function(lambda p: SupplierBrief().dump(p))
    created_at = LocalDateTime()
    updated_at = LocalDateTime()
    last_sold_at = LocalDateTime(allow_none=True)


class PriceChangeOut(Schema):
    changed_at = LocalDateTime()
    old_price = MoneyField(allow_none=True)
    new_price = MoneyField()
    old_reference_price = MoneyField(allow_none=True)
    new_reference_price = MoneyField()


class ProductDetailOut(ProductOut):
    price_history = fields.List(fields.Nested(PriceChangeOut), metadata={"description": "Newest first"})
    compare = fields.List(fields.Nested(ProductOut), metadata={
        "description": "Listed products of the same brand and model (this one included), cheapest first"})


class ProductQuery(PageArgs):
    q = fields.String(load_default=None, validate=validate.Length(max=100),
                      metadata={"description": "Keywords, Chinese segmented (打印机 finds 彩色激光打印机)"})
    category = fields.String(load_default=None, validate=CODE,
                             metadata={"description": "A category code; its subcategories are included"})
    min_price = MoneyField(load_default=None, allow_zero=True)
    max_price = MoneyField(load_default=None, allow_zero=True)
    sort = fields.String(load_default="relevance", validate=validate.OneOf(["relevance", "price", "-price"]))


class MyProductQuery(PageArgs):
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    on_shelf = fields.Boolean(load_default=None)


class PriceFlagOut(Schema):
    code = fields.String()
    severity = fields.String()
    subject = fields.String(metadata={"example": "product:12"})
    detail = fields.String()
    detected_at = LocalDateTime()
    reason = fields.String(metadata={"enum": ["above_reference", "above_lowest_elsewhere"]})
    lowest_elsewhere = MoneyField(allow_none=True)
    product = fields.Nested(ProductOut)


class ProductImportIn(Schema):
    """`POST /mall/products/import` as JSON (a multipart upload with a `file` part works too)."""

    filename = fields.String(required=True, validate=validate.Length(min=1, max=200),
                             metadata={"example": "products.csv"})
    content_base64 = fields.String(required=True, validate=validate.Length(min=1, max=3 * 1024 * 1024))


class ProductImportCreatedOut(Schema):
    row = fields.Integer()
    product_id = fields.Integer()
    name = fields.String()


class ProductImportRejectedOut(Schema):
    row = fields.Integer()
    name = fields.String(allow_none=True)
    field = fields.String()
    message = fields.String()


class ProductImportOut(Schema):
    created = fields.List(fields.Nested(ProductImportCreatedOut))
    rejected = fields.List(fields.Nested(ProductImportRejectedOut))


class SynonymsIn(Schema):
    text = fields.String(required=True, validate=validate.Length(max=100_000), metadata={
        "description": "one group of words per line, separated by spaces (a search for one finds the others); "
                       "lines starting with # are comments"})


class SynonymsOut(Schema):
    text = fields.String(required=True)
    groups = fields.List(fields.List(fields.String()), required=True)
    updated_at = LocalDateTime(allow_none=True)
