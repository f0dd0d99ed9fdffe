"""The cart kept on the server: it outlives the session, the API reads and sets it, an order takes its items out,
and from an over-limit cart one step leads to a price competition filled with its items."""
import pytest
from sqlalchemy import select

from core.extensions import db
from mall.orders.models import CartItem
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def shop(make, mall):
    purchaser = make.purchaser()
    supplier = mall.supplier("A020101")
    return {"purchaser": purchaser, "supplier": supplier, "budget": mall.budget(purchaser, "300000.00"),
            "workstation": mall.offer(supplier, "60000.00", "62000.00", name="图形工作站"),
            "monitor": mall.offer(supplier, "1500.00", "1600.00", name="23.8英寸显示器")}


def test_the_cart_is_kept_when_the_purchaser_logs_in_again(login, shop):
    first = login(shop["purchaser"])
    first.post("/mall/cart/add", data={"product_id": shop["workstation"].id, "quantity": 2})
    first.post("/mall/cart/add", data={"product_id": shop["workstation"].id, "quantity": 1})
    again = login(shop["purchaser"]).get("/mall/cart").get_data(as_text=True)
    assert "图形工作站" in again and 'value="3"' in again and "¥180,000.00" in again  # 3 × 60,000.00


def test_the_api_reads_and_sets_the_cart(api, make, shop):
    purchaser, workstation, monitor = shop["purchaser"], shop["workstation"], shop["monitor"]
    assert api.get("/api/v1/mall/cart", purchaser).json == {"groups": []}
    api.put(f"/api/v1/mall/cart/{workstation.id}", purchaser, json={"quantity": 1})
    cart = api.put(f"/api/v1/mall/cart/{monitor.id}", purchaser, json={"quantity": 4}).json
    [group] = cart["groups"]
    assert group["supplier"]["id"] == shop["supplier"].organization_id
    assert [(line["name"], line["quantity"], line["line_total"]) for line in group["lines"]] == [
        ("图形工作站", 1, "60000.00"), ("23.8英寸显示器", 4, "6000.00")]
    assert group["total"] == "66000.00"
    emptied = api.put(f"/api/v1/mall/cart/{monitor.id}", purchaser, json={"quantity": 0}).json
    assert [line["name"] for line in emptied["groups"][0]["lines"]] == ["图形工作站"]
    assert error_of(api.put("/api/v1/mall/cart/999999", purchaser, json={"quantity": 1})) == (404, "not_found")
    assert api.put(f"/api/v1/mall/cart/{monitor.id}", purchaser, json={"quantity": -1}).status_code == 422
    for user in (make.bidder(), make.admin(), make.supervisor()):
        assert api.get("/api/v1/mall/cart", user).status_code == 403
    other = make.purchaser()
    assert api.get("/api/v1/mall/cart", other).json == {"groups": []}  # each purchaser its own cart


def test_an_over_limit_cart_leads_to_a_competition_filled_with_its_items(login, shop):
    client = login(shop["purchaser"])
    client.post("/mall/cart/add", data={"product_id": shop["workstation"].id, "quantity": 2})
    client.post("/mall/cart/add", data={"product_id": shop["monitor"].id, "quantity": 2})
    supplier_id = shop["supplier"].organization_id
    refused = client.post("/mall/cart/checkout", data={"supplier_id": supplier_id, "budget_id": shop["budget"].id})
    html = refused.get_data(as_text=True)
    link = f"/mall/competitions/new?from_cart={supplier_id}"
    assert refused.status_code == 422 and "改以竞价方式采购" in html and link in html
    form = client.get(link).get_data(as_text=True)
    # 2 × 62,000.00 + 2 × 1,600.00 at reference prices = 127,200.00; 4 units in the computers category.
    assert "图形工作站等2项采购" in form and 'value="127200.00"' in form and 'value="4"' in form
    assert "图形工作站（M" in form and "× 2 台" in form
    assert '<option selected value="A020101">' in form


def test_an_order_takes_its_items_out_of_the_cart(login, shop):
    client = login(shop["purchaser"])
    client.post("/mall/cart/add", data={"product_id": shop["monitor"].id, "quantity": 2})
    placed = client.post("/mall/cart/checkout", data={"supplier_id": shop["supplier"].organization_id,
                                                      "budget_id": shop["budget"].id})
    assert placed.status_code == 302
    assert db.session.scalar(select(CartItem.id)) is None
