"""The pages of budgets, the cart and checkout, orders and competitions, in Chinese and English."""
from datetime import timedelta

import pytest

from core.extensions import db
from mall.orders.models import Order
from tests.conftest import T0

pytestmark = pytest.mark.usefixtures("fast_passwords")


def page(response):
    return response.get_data(as_text=True)


@pytest.fixture
def shop(make, mall):
    purchaser = make.purchaser()
    supplier = mall.supplier("A020101")
    return {"purchaser": purchaser, "supplier": supplier, "budget": mall.budget(purchaser, "300000.00"),
            "product": mall.offer(supplier, "60000.00", "62000.00", name="图形工作站")}


def _checkout(client, shop, quantity, lang=""):
    client.post("/mall/cart/add", data={"product_id": shop["product"].id, "quantity": quantity})
    return client.post(f"/mall/cart/checkout{lang}", data={"supplier_id": shop["supplier"].organization_id,
                                                           "budget_id": shop["budget"].id})


def test_checkout_refusal_says_which_limit_and_by_how_much_in_chinese_and_english(login, shop):
    client = login(shop["purchaser"])
    response = _checkout(client, shop, 2)  # 120,000.00: 20,000.00 over the direct limit
    assert response.status_code == 422
    text = page(response)
    assert "超出直购单笔限额 ¥100,000.00 共 ¥20,000.00" in text
    english = page(client.post("/mall/cart/checkout?lang=en", data={
        "supplier_id": shop["supplier"].organization_id, "budget_id": shop["budget"].id}))
    assert "¥20,000.00 over the direct purchase limit of ¥100,000.00" in english
    assert db.session.query(Order).count() == 0


def test_checkout_places_the_order_and_the_parties_step_it_through(login, shop):
    purchaser = login(shop["purchaser"])
    response = _checkout(purchaser, shop, 1)
    assert response.status_code == 302
    order = db.session.query(Order).one()
    assert response.headers["Location"].endswith(f"/mall/orders/{order.id}")
    assert "购物车是空的" in page(purchaser.get("/mall/cart"))
    assert "确认订单" not in page(purchaser.get(f"/mall/orders/{order.id}"))

    supplier = login(shop["supplier"])
    to_confirm = page(supplier.get("/mall/orders?status=placed"))
    assert "待确认" in to_confirm and order.code in to_confirm
    detail = page(supplier.get(f"/mall/orders/{order.id}"))
    assert "确认订单" in detail and "取消订单" in detail
    supplier.post(f"/mall/orders/{order.id}/confirm")
    supplier.post(f"/mall/orders/{order.id}/ship")
    assert "验收" in page(purchaser.get(f"/mall/orders/{order.id}"))
    purchaser.post(f"/mall/orders/{order.id}/accept", data={"acceptance_date": "2026-12-01", "note": "设备完好，验收合格"})
    note = page(purchaser.get(f"/mall/orders/{order.id}/acceptance"))
    assert "验收单" in note and "设备完好，验收合格" in note
    preparing = purchaser.get(f"/mall/orders/{order.id}/acceptance.pdf")  # stored the first time it is asked for
    assert preparing.status_code == 202 and 'http-equiv="refresh"' in page(preparing)
    pdf = purchaser.get(f"/mall/orders/{order.id}/acceptance.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert purchaser.get(f"/mall/orders/{order.id}/file.pdf").status_code == 404  # stored when archived
    refused = purchaser.post(f"/mall/orders/{order.id}/pay", data={
        "amount": "1.00", "payment_date": "2026-12-01", "invoice_number": "No.9", "payment_reference": "GK9"})
    assert refused.status_code == 422 and "必须等于订单总额 ¥60,000.00" in page(refused)
    purchaser.post(f"/mall/orders/{order.id}/pay", data={
        "amount": "60000.00", "payment_date": "2026-12-01", "invoice_number": "No.9", "payment_reference": "GK9"})
    purchaser.post(f"/mall/orders/{order.id}/archive")
    db.session.refresh(order)
    assert order.status == "archived"
    archive = purchaser.get(f"/mall/orders/{order.id}/file.pdf")
    assert archive.mimetype == "application/pdf" and archive.data.startswith(b"%PDF")
    budget = page(purchaser.get(f"/budgets/{shop['budget'].id}?lang=en"))
    assert "¥60,000.00" in budget and "Spent" in budget


def test_the_center_opens_and_changes_budget_lines_with_the_form(login, make, shop):
    admin = login(make.admin())
    response = admin.post("/budgets", data={"organization_id": shop["purchaser"].organization_id, "year": "2027",
                                            "code": "YS-2027-01", "name": "信息化设备", "amount": "88000.00"})
    assert response.status_code == 302
    listing = page(admin.get("/budgets"))
    assert "YS-2027-01" in listing and "¥88,000.00" in listing
    assert login(shop["purchaser"]).post("/budgets", data={}).status_code == 403


def test_competition_pages_post_quote_and_close(login, make, mall, shop, clock):
    purchaser = login(shop["purchaser"])
    response = purchaser.post("/mall/competitions/new", data={
        "budget_id": shop["budget"].id, "title": "会议室投影仪竞价", "category": "A020101", "quantity": "2",
        "spec": "5000流明", "budget_amount": "20000.00", "closes_at": "2026-12-04T17:00"})
    assert response.status_code == 302, page(response)
    competition_url = response.headers["Location"]
    for price in ("9000.00", "9100.00", "9200.00"):
        supplier = login(mall.supplier("A020101"))
        assert "提交密封报价" in page(supplier.get(competition_url))
        quoted = supplier.post(competition_url.replace("/mall/competitions/", "/mall/competitions/") + "/quote",
                               data={"unit_price": price, "product_id": ""})
        assert quoted.status_code == 302
    assert "9,000.00" not in page(purchaser.get(competition_url))
    assert "结束竞价并开启报价" not in page(purchaser.get(competition_url))
    clock.set(T0 + timedelta(days=3, hours=8))
    purchaser.post(competition_url + "/close")
    closed = page(purchaser.get(competition_url))
    assert "¥9,000.00" in closed and "成交订单" in closed
    english = page(purchaser.get(competition_url + "?lang=en"))
    assert "Quotes opened at the close" in english


@pytest.mark.parametrize("path", ["/mall/cart", "/mall/orders", "/mall/competitions", "/budgets",
                                  "/mall/competitions/new"])
def test_pages_refuse_roles_without_them(login, make, path):
    expert = login(make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}))
    assert expert.get(path).status_code == 403


@pytest.mark.parametrize("data", [{"product_id": "2147483648"}, {"product_id": "99999999999999999999"},
                                  {"product_id": "1", "quantity": "2147483648"}, {"product_id": "1", "quantity": "-1"},
                                  {"product_id": "-1"}, {"product_id": "１"}])
def test_the_cart_refuses_an_id_or_quantity_no_column_holds(login, shop, data):
    """A form's numbers are parsed within the Integer columns: a message, never a 500."""
    client = login(shop["purchaser"])
    response = client.post("/mall/cart/add?lang=en", data=data)
    assert response.status_code == 302
    assert "Choose a product and a quantity of at least 1." in page(client.get(response.headers["Location"]))
    assert client.get("/mall/cart").status_code == 200


def test_a_supplier_with_orders_to_confirm_lands_on_its_console(app, login, shop):
    from tests.builders.core import TEST_PASSWORD

    def landing(user):
        response = app.test_client().post("/login", data={"username": user.username, "password": TEST_PASSWORD})
        return response.headers["Location"]

    assert landing(shop["supplier"]) == "/my/bids"  # no order waiting: the tender start page
    assert _checkout(login(shop["purchaser"]), shop, 1).status_code == 302  # an order placed, to confirm
    assert landing(shop["supplier"]) == "/mall/supplier"
    assert landing(shop["purchaser"]) != "/mall/supplier"


def test_the_supplier_console_lists_the_orders_to_confirm_and_to_ship(login, mall, shop):
    supplier = login(shop["supplier"])
    assert "待处理的订单" not in page(supplier.get("/mall/supplier"))  # nothing waits
    mouse = mall.offer(shop["supplier"], "80.00", "90.00", name="无线鼠标")
    orders = {status: mall.order(status, purchaser=shop["purchaser"], supplier=shop["supplier"], product=mouse,
                                 budget=shop["budget"]) for status in ("confirmed", "placed", "shipped")}
    first, second = orders["confirmed"], orders["placed"]  # the shipped one waits for the purchasing unit
    console = page(supplier.get("/mall/supplier"))
    assert "待处理的订单" in console and "待确认 1" in console and "待发货 1" in console
    assert console.count('href="/mall/orders/') == 2
    assert f'href="/mall/orders/{first.id}"' in console and f'href="/mall/orders/{second.id}"' in console
    english = page(supplier.get("/mall/supplier?lang=en"))
    assert "Orders waiting for you" in english and "To confirm 1" in english and "To ship 1" in english
