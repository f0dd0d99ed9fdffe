"""Chinese keyword search with filters and sorting, backed by the full-text index."""
import pytest
from sqlalchemy import select, text

from core.extensions import db
from mall.catalogue import operations as ops
from mall.catalogue.models import Product
from mall.catalogue.operations import search
from mall.catalogue.operations.search import index_text, query_terms

pytestmark = pytest.mark.usefixtures("fast_passwords")

ITEMS = [
    # name, category, brand, model, price, reference
    ("彩色激光打印机", "A020201", "惠普", "M454dw", "3899.00", "3999.00"),
    ("黑白激光打印机", "A020201", "兄弟", "HL-L2350DW", "1050.00", "1099.00"),
    ("A4复印纸 70g", "A020501", "得力", "A4 70g", "119.00", "129.00"),
    ("A3复印纸 80g", "A020501", "齐心", "A3 80g", "289.00", "299.00"),
    ("彩色数码复合机", "A020202", "理光", "IM C3000", "28800.00", "29800.00"),
    ("原装黑色硒鼓", "A020502", "惠普", "CF276A", "650.00", "699.00"),
]


@pytest.fixture
def catalogue(mall):
    seller = mall.supplier()
    products = {}
    for name, category, brand, model, price, reference in ITEMS:
        products[name] = mall.product(seller, name=name, category=category, brand=brand, model=model, price=price,
                                      reference_price=reference)
    products["seller"] = seller
    return products


def _names(api, **params):
    response = api.get("/api/v1/mall/products", query_string=params)
    assert response.status_code == 200, response.json
    return [item["name"] for item in response.json["items"]]


def test_segmentation():
    tokens = index_text("彩色激光打印机").split()
    assert {"彩色", "激光", "打印", "打印机", "激光打印机", "彩", "色"} <= set(tokens) and "纸" not in tokens
    assert tokens.count("打印机") == 2  # the name counts twice
    assert set(index_text("A4复印纸", "得力", "A4-70g").split()) >= {"a4", "复印纸", "纸", "得力", "70g"}
    assert query_terms("A4纸") == ["a4", "纸"]
    assert query_terms("打印机") == ["打印机"]
    assert query_terms("  ,,, ") == []


@pytest.mark.parametrize("q, expected", [
    ("打印机", ["彩色激光打印机", "黑白激光打印机"]),
    ("激光打印机", ["彩色激光打印机", "黑白激光打印机"]),
    ("彩色", ["彩色激光打印机", "彩色数码复合机"]),
    ("A4纸", ["A4复印纸 70g"]),
    ("a4 复印纸", ["A4复印纸 70g"]),
    ("复印纸", ["A3复印纸 80g", "A4复印纸 70g"]),
    ("硒鼓", ["原装黑色硒鼓"]),
    ("惠普", ["原装黑色硒鼓", "彩色激光打印机"]),
    ("汽车", []),
    ("打印机 汽车", []),
    ("复印纸 A5", []),
])
def test_chinese_keywords_hit_and_miss(api, catalogue, q, expected):
    assert sorted(_names(api, q=q)) == sorted(expected)


def test_category_includes_its_subcategories_and_price_range_and_sort(api, catalogue):
    assert _names(api, category="A0202", sort="price") == ["黑白激光打印机", "彩色激光打印机", "彩色数码复合机"]
    assert _names(api, category="A0202", sort="-price") == ["彩色数码复合机", "彩色激光打印机", "黑白激光打印机"]
    assert _names(api, category="A020201", q="彩色") == ["彩色激光打印机"]
    # bounds are inclusive
    assert _names(api, min_price="289.00", max_price="1050.00", sort="price") == ["A3复印纸 80g", "原装黑色硒鼓",
                                                                                   "黑白激光打印机"]
    assert _names(api, min_price="289.01", max_price="1049.99", sort="price") == ["原装黑色硒鼓"]
    assert _names(api, q="复印纸", sort="-price") == ["A3复印纸 80g", "A4复印纸 70g"]
    response = api.get("/api/v1/mall/products", query_string={"per_page": 2, "page": 2, "sort": "price"})
    # 119.00, 289.00 | 650.00, 1050.00 | 3899.00, 28800.00
    assert response.json["total"] == 6 and [i["price"] for i in response.json["items"]] == ["650.00", "1050.00"]
    assert api.get("/api/v1/mall/products?sort=name").status_code == 422


def test_relevance_puts_the_better_match_first(api, mall):
    seller = mall.supplier()
    mall.product(seller, name="原装黑色硒鼓", category="A020502", brand="惠普", model="CF276A", price="100",
                 reference_price="100", spec="适用激光打印机")
    mall.product(seller, name="彩色激光打印机", brand="佳能", model="LBP623Cdw", spec="A4 双面")
    assert _names(api, q="打印机") == ["彩色激光打印机", "原装黑色硒鼓"]  # in the name before in the spec
    assert _names(api, q="打印机", sort="price") == ["原装黑色硒鼓", "彩色激光打印机"]
    # both have A4 and 纸, the paper as one phrase
    mall.product(seller, name="佳能DR-C240馈纸式扫描仪", category="A020203", brand="佳能", model="DR-C240",
                 spec="A4/45页每分钟/双面", price="3500", reference_price="3599")
    mall.product(seller, name="得力A4复印纸 70g", category="A020501", brand="得力", model="A4 70g",
                 spec="500张每包/5包每箱", price="119", reference_price="129")
    assert _names(api, q="A4纸") == ["得力A4复印纸 70g", "佳能DR-C240馈纸式扫描仪"]


def test_only_listed_products_are_found(api, catalogue):
    seller_product, owner = catalogue["彩色激光打印机"], catalogue["seller"]
    api.patch(f"/api/v1/mall/products/{seller_product.id}", owner, json={"on_shelf": False})
    assert _names(api, q="打印机") == ["黑白激光打印机"]
    # the supplier still finds it among its own products
    response = api.get("/api/v1/mall/my-products", owner, query_string={"q": "打印机", "on_shelf": "false"})
    assert [i["name"] for i in response.json["items"]] == ["彩色激光打印机"]


def test_the_search_uses_the_full_text_index(app, catalogue):
    dialect = db.engine.dialect.name
    stmt = ops.search_products("打印机")
    if dialect == "postgresql":
        # the matching alone (a few rows: the planner would rather filter the listing index's rows)
        stmt, _ = search.apply(select(Product.id), Product, search.query_terms("打印机"), dialect)
        index = db.session.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_mall_product_search'")).scalar()
        assert "gin (search_vector)" in index
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(db.session.execute(text(f"EXPLAIN {compiled}")).scalars())
        assert "ix_mall_product_search" in plan, plan
    else:
        compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(row[-1]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "VIRTUAL TABLE INDEX" in plan and "mall_product_fts" in plan, plan
    db.session.rollback()


def test_a_search_counts_and_orders_at_most_its_first_matches(api, catalogue, monkeypatch):
    """Totals are counted up to MATCH_CAP; a keyword search ranks or sorts its first MATCH_CAP matches only."""
    everything = api.get("/api/v1/mall/products", query_string={"per_page": 2, "sort": "price"}).json
    assert everything["total"] == 6 and [i["name"] for i in everything["items"]] == ["A4复印纸 70g", "A3复印纸 80g"]
    monkeypatch.setattr(ops, "MATCH_CAP", 4)
    capped = api.get("/api/v1/mall/products", query_string={"per_page": 2, "page": 2, "sort": "price"}).json
    assert capped["total"] == 4  # "4 or more": browsing still pages through all of them
    assert [i["price"] for i in capped["items"]] == ["650.00", "1050.00"]
    monkeypatch.setattr(ops, "MATCH_CAP", 1)
    response = api.get("/api/v1/mall/products", query_string={"q": "打印机", "sort": "price"}).json
    assert response["total"] == 1 and len(response["items"]) == 1
    assert response["items"][0]["name"] in ("彩色激光打印机", "黑白激光打印机")
    monkeypatch.setattr(ops, "MATCH_CAP", 1000)
    two = api.get("/api/v1/mall/products", query_string={"q": "打印机", "sort": "-price", "per_page": 1, "page": 2}).json
    assert two["total"] == 2 and [i["name"] for i in two["items"]] == ["黑白激光打印机"]
    beyond = api.get("/api/v1/mall/products", query_string={"q": "打印机", "page": 3, "per_page": 1}).json
    assert beyond["total"] == 2 and beyond["items"] == []


def test_the_total_cap_is_in_the_api_schema(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    schema = spec["paths"]["/api/v1/mall/products"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert f"{ops.MATCH_CAP:,} or more" in schema["properties"]["total"]["description"]
