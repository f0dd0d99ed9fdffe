"""Products: price never above the reference, price history, detail and comparison, stale delisting,
price flags, bulk upload."""
import base64
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from core import trail
from core.auth import SYSTEM
from core.extensions import db
from core.models import Event
from mall.catalogue import operations as ops
from mall.catalogue.models import PriceChange, Product
from mall.catalogue.operations.categories import CATEGORY_TREE
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")

PRINTER = {"name": "惠普LaserJet Pro M404dn黑白激光打印机", "category": "A020201", "brand": "惠普", "model": "M404dn",
           "spec": "A4/38页每分钟", "unit": "台", "price": "2399.00", "reference_price": "2399.00",
           "reference_source": "厂商官网指导价", "stock": 12}


def test_the_category_tree(api, mall):
    items = api.get("/api/v1/mall/categories").json["items"]
    assert [i["code"] for i in items] == ["A0201", "A0202", "A0203", "A0204", "A0205"]
    office = items[1]
    assert office["name"] == "办公设备" and office["name_en"] == "Office equipment"
    assert [(c["code"], c["name"]) for c in office["children"]][:2] == [("A020201", "打印机"), ("A020202", "复印机")]
    assert office["children"][0]["children"] == []
    assert sum(1 + len(children) for *_, children in CATEGORY_TREE) == 27
    from mall.catalogue.operations.categories import install_categories
    assert install_categories() == 0  # idempotent


def test_a_price_equal_to_the_reference_is_allowed_one_cent_more_is_refused(api, mall):
    seller = mall.supplier()
    response = api.post("/api/v1/mall/products", seller, json=PRINTER)
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["price"], body["reference_price"], body["stock"]) == ("2399.00", "2399.00", 12)
    assert body["supplier"] == {"id": seller.organization_id, "name": seller.organization.name}
    assert [(h["old_price"], h["new_price"]) for h in body["price_history"]] == [(None, "2399.00")]

    response = api.post("/api/v1/mall/products", seller, json=PRINTER | {"price": "2399.01"})
    assert error_of(response) == (422, "price_above_reference")
    assert "price" in response.json["error"]["fields"]
    assert db.session.scalar(select(db.func.count(Product.id))) == 1


def test_only_a_supplier_of_the_category_lists(api, make, mall):
    seller = mall.supplier("A0205")
    assert error_of(api.post("/api/v1/mall/products", seller, json=PRINTER)) == (403, "not_a_supplier")
    assert error_of(api.post("/api/v1/mall/products", make.bidder(), json=PRINTER)) == (403, "not_a_supplier")
    assert error_of(api.post("/api/v1/mall/products", make.purchaser(), json=PRINTER)) == (403, "forbidden")
    response = api.post("/api/v1/mall/products", seller, json=PRINTER | {"category": "X1"})
    assert error_of(response) == (422, "validation_failed") and "category" in response.json["error"]["fields"]


def test_every_price_change_is_kept(api, make, mall, clock):
    seller = mall.supplier()
    product_id = api.post("/api/v1/mall/products", seller, json=PRINTER | {"price": "2299.00"}).json["id"]
    clock.advance(days=1)
    assert api.patch(f"/api/v1/mall/products/{product_id}", seller, json={"price": "2199.00"}).status_code == 200
    clock.advance(days=1)
    # the maker lowers its price: reference and price together
    response = api.patch(f"/api/v1/mall/products/{product_id}", seller,
                         json={"reference_price": "2199.00", "price": "2150.50"})
    assert response.status_code == 200
    # a lower reference below the price is refused, nothing changes
    response = api.patch(f"/api/v1/mall/products/{product_id}", seller, json={"reference_price": "2150.49"})
    assert error_of(response) == (422, "price_above_reference")
    # stock only: no price change recorded
    assert api.patch(f"/api/v1/mall/products/{product_id}", seller, json={"stock": 3}).json["stock"] == 3

    body = api.get(f"/api/v1/mall/products/{product_id}").json
    assert (body["price"], body["reference_price"]) == ("2150.50", "2199.00")
    assert [(h["old_price"], h["new_price"], h["old_reference_price"], h["new_reference_price"])
            for h in body["price_history"]] == [
        ("2199.00", "2150.50", "2399.00", "2199.00"),
        ("2299.00", "2199.00", "2399.00", "2399.00"),
        (None, "2299.00", None, "2399.00"),
    ]
    assert db.session.scalar(select(db.func.count(PriceChange.id))) == 3
    actions = list(db.session.scalars(select(Event.action).where(Event.object_type == "mall_product")
                                      .order_by(Event.id)))
    assert actions == ["product.listed", "product.updated", "product.updated", "product.updated"]
    assert trail.verify_trail()["ok"]
    # another supplier may not change it
    other = mall.supplier()
    assert error_of(api.patch(f"/api/v1/mall/products/{product_id}", other, json={"price": "1.00"})) == \
        (403, "forbidden")


def test_the_trail_catches_a_price_changed_behind_its_back(api, mall):
    seller = mall.supplier()
    product = mall.product(seller)
    db.session.execute(db.update(Product).where(Product.id == product.id).values(price=Decimal("1.00")))
    db.session.commit()
    result = trail.verify_trail()
    assert not result["ok"] and any(p["object"] == f"mall_product:{product.id}" for p in result["problems"])


def test_the_product_page_compares_the_same_brand_and_model(api, mall):
    a, b, c = mall.supplier(), mall.supplier(), mall.supplier()
    first = mall.product(a, price="2299.00")
    mall.product(b, price="2199.00", brand="惠普", model="M404DN")  # spelled differently: not the same
    third = mall.product(c, price="2250.00", brand="惠普", model="M404dn")
    mall.product(c, name="惠普M454dw彩色激光打印机", model="M454dw", price="3500.00", reference_price="3999.00")
    compare = api.get(f"/api/v1/mall/products/{first.id}").json["compare"]
    assert [(p["id"], p["price"]) for p in compare] == [(third.id, "2250.00"), (first.id, "2299.00")]


def test_stale_products_are_delisted_after_180_days_not_on_the_180th(app, api, make, mall, clock):
    seller = mall.supplier()
    stale, sold, changed = mall.product(seller), mall.product(seller), mall.product(seller)
    clock.advance(days=100)
    sold.last_sold_at = clock()
    db.session.commit()
    api.patch(f"/api/v1/mall/products/{changed.id}", seller, json={"stock": 99})
    clock.advance(days=80)  # day 180 for `stale`
    assert ops.delist_stale(SYSTEM) == 0
    clock.advance(days=1)  # day 181
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mall", "delist-stale"])
    assert result.exit_code == 0 and "Delisted 1 stale product(s)." in result.output
    db.session.expire_all()
    assert [p.on_shelf for p in (stale, sold, changed)] == [False, True, True]
    clock.advance(days=100)  # day 181 after the sale and the change
    assert ops.delist_stale(SYSTEM) == 2
    assert trail.verify_trail()["ok"]


def test_price_flags(api, make, mall, app):
    a, b, c = mall.supplier(), mall.supplier(), mall.supplier()
    lowest = mall.product(a, price="100.00", reference_price="200.00")
    at_limit = mall.product(b, price="130.00", reference_price="200.00")  # exactly 30% above: no flag
    mall.product(b, model="M404DN", price="300.00", reference_price="300.00")  # another model: not compared
    over = mall.product(c, price="130.01", reference_price="200.00")  # more than 30% above: flagged
    admin, supervisor = make.admin(), make.supervisor()
    items = api.get("/api/v1/mall/price-flags", admin).json["items"]
    assert [(i["product"]["id"], i["reason"], i["lowest_elsewhere"]) for i in items] == \
        [(over.id, "above_lowest_elsewhere", "100.00")]
    assert items[0]["code"] == "mall_price_above_reference" and items[0]["subject"] == f"product:{over.id}"
    # a reference lowered below the listed price (e.g. corrected by the center in the database)
    db.session.execute(db.update(Product).where(Product.id == lowest.id).values(reference_price=Decimal("99.99")))
    db.session.commit()
    items = api.get("/api/v1/mall/price-flags", supervisor).json["items"]
    assert sorted((i["product"]["id"], i["reason"]) for i in items) == sorted(
        [(lowest.id, "above_reference"), (over.id, "above_lowest_elsewhere")])
    assert api.get("/api/v1/mall/price-flags", a).status_code == 403
    # the ratio is configuration: at 0.20, 130.00 over 100.00 is flagged too
    app.config["MALL_PRICE_OUTLIER_RATIO"] = Decimal("0.20")
    flagged = {i["product"]["id"] for i in api.get("/api/v1/mall/price-flags", admin).json["items"]}
    assert flagged == {lowest.id, at_limit.id, over.id}


CSV_UPLOAD = (
    "name,category,brand,model,spec,unit,price,reference_price,reference_source,stock\n"
    "得力A4复印纸 70g,A020501,得力,A4 70g,500张每包,箱,119.00,129.00,厂商官网指导价,50\n"
    "齐心A4复印纸 80g,A020501,齐心,A4 80g,,箱,150.01,150.00,,20\n"
    "佳能LBP2900+,A020201,佳能,LBP2900+,,台,999,1199,,x\n"
    ",,,,,,,,,\n"
    "联想启天M450,A020101,联想,启天M450,,台,5000,5299,,3\n"
)


def test_bulk_upload_reports_row_by_row(api, mall):
    seller = mall.supplier()  # A0202 and A0205: not computers
    payload = {"filename": "products.csv", "content_base64": base64.b64encode(CSV_UPLOAD.encode()).decode()}
    response = api.post("/api/v1/mall/products/import", seller, json=payload)
    assert response.status_code == 200, response.json
    report = response.json
    assert [(c["row"], c["name"]) for c in report["created"]] == [(2, "得力A4复印纸 70g")]
    assert [(r["row"], r["field"]) for r in report["rejected"]] == [(3, "price"), (4, "stock"), (6, "")]
    assert "not an approved mall supplier" in report["rejected"][2]["message"]
    assert db.session.scalar(select(db.func.count(Product.id))) == 1


def test_bulk_upload_from_excel(api, mall):
    seller = mall.supplier()
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "category", "brand", "model", "unit", "price", "reference_price", "stock"])
    sheet.append(["晨光K35中性笔", "A020504", "晨光", "K35", "盒", 16.5, 18, 100])
    sheet.append(["得力订书机", "A020504", "得力", "0012", "个", 15, 14.99, 10])
    data = io.BytesIO()
    book.save(data)
    payload = {"filename": "products.xlsx", "content_base64": base64.b64encode(data.getvalue()).decode()}
    report = api.post("/api/v1/mall/products/import", seller, json=payload).json
    assert [c["row"] for c in report["created"]] == [2] and [r["row"] for r in report["rejected"]] == [3]
    product = db.session.get(Product, report["created"][0]["product_id"])
    assert (product.price, product.stock) == (Decimal("16.50"), 100)
    response = api.post("/api/v1/mall/products/import", seller, json={
        "filename": "p.csv", "content_base64": base64.b64encode(b"name,unit\nx,y\n").decode()})
    assert error_of(response) == (422, "invalid_import_file")


@pytest.mark.parametrize("changes, field", [
    ({"price": "1.00", "reference_price": "100000000.01"}, "reference_price"),  # a reference nobody can check
    ({"price": "100000000.01", "reference_price": "100000000.01"}, "price"),
])
def test_prices_are_bounded_at_one_hundred_million(api, mall, changes, field):
    """Mall prices stay at most ¥100,000,000.00, so no order's total or savings overflows Numeric(18, 2)."""
    seller = mall.supplier()
    response = api.post("/api/v1/mall/products", seller, json=PRINTER | changes)
    assert error_of(response) == (422, "validation_failed")
    assert response.json["error"]["fields"][field] == ["must be at most 100000000.00"]
    assert db.session.scalar(select(db.func.count(Product.id))) == 0
    top = {"price": "100000000.00", "reference_price": "100000000.00"}
    assert api.post("/api/v1/mall/products", seller, json=PRINTER | top).status_code == 201
    product_id = db.session.scalar(select(Product.id))
    response = api.patch(f"/api/v1/mall/products/{product_id}", seller, json={field: "100000000.01"})
    assert error_of(response) == (422, "validation_failed")


@pytest.mark.parametrize("body", [{}, {"filename": "products.csv", "content_base64": "!!"}, None])
def test_an_upload_by_a_bidder_that_is_no_supplier_is_refused_before_its_body_is_read(api, make, mall, body):
    """The role and the supplier's approval come first: 403, not the body's 422."""
    response = api.post("/api/v1/mall/products/import", make.bidder(), **({} if body is None else {"json": body}))
    assert error_of(response) == (403, "not_a_supplier")
    assert db.session.scalar(select(db.func.count(Product.id))) == 0
