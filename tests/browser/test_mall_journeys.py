"""A purchasing unit in the mall, in Chromium: it searches as people type (打印纸, 椅子), orders, meets the
split-order refusal and turns its cart into a price competition; a supplier lands on its console with the order
to confirm, confirms and ships it, and the purchasing unit accepts, pays and archives it; the supervisor lands on
its desk."""
from datetime import timedelta

from tests.conftest import T0


def test_a_purchaser_searches_orders_is_refused_a_split_order_and_competes_from_the_cart(make, mall, visit):
    purchaser = make.purchaser()
    supplier = mall.supplier("A0204", "A0205", name="福州新锐办公设备有限公司")
    mall.budget(purchaser, "300000.00")
    chair = mall.product(supplier, name="人体工学办公椅", category="A020402", brand="永艺", model="YY-2026",
                         price="1200.00", reference_price="1250.00", stock=500)
    mall.product(supplier, name="A4复印纸 70克 500张/包", category="A020501", brand="得力", model="DL-7005",
                 price="22.50", reference_price="24.00", stock=2000)

    page, looks = visit(purchaser)
    page.goto("/mall")
    looks("catalogue")
    page.fill("main input[name=q]", "打印纸")
    page.get_by_role("button", name="搜索").click()
    looks("search-printing-paper")
    assert page.get_by_role("link", name="A4复印纸 70克 500张/包").is_visible()
    page.fill("main input[name=q]", "椅子")
    page.get_by_role("button", name="搜索").click()
    looks("search-chairs")
    page.get_by_role("link", name="人体工学办公椅").click()
    looks("product")

    page.fill("main input[name=quantity]", "50")
    page.get_by_role("button", name="加入购物车").click()
    looks("cart")
    page.get_by_role("button", name="提交订单").click()
    looks("order-placed")  # 50 × ¥1,200.00 = ¥60,000.00, under the ¥100,000.00 direct limit
    assert "¥60,000.00" in page.inner_text("main")
    assert looks.dialogs and "福州新锐办公设备有限公司" in looks.dialogs[-1]

    page.goto(f"/mall/products/{chair.id}")
    page.fill("main input[name=quantity]", "40")
    page.get_by_role("button", name="加入购物车").click()
    page.get_by_role("button", name="提交订单").click()
    looks("split-order-refused")  # ¥60,000.00 + 40 × ¥1,200.00 = ¥108,000.00 in 30 days: over the limit
    assert "拆单" in page.inner_text("main") or "竞价" in page.inner_text("main")
    page.get_by_role("link", name="以这些商品发起竞价").click()
    looks("competition-from-the-cart")
    assert page.input_value("input[name=budget_amount]") == "50000.00"  # 40 × ¥1,250.00 at reference prices
    page.locator("main form button[type=submit]").last.click()
    looks("competition-open")
    page.goto("/mall/competitions?lang=en")
    looks("competitions-in-english")


def test_a_supplier_confirms_and_ships_from_its_console_and_the_purchaser_accepts_pays_and_archives(make, mall,
                                                                                                     visit):
    purchaser = make.purchaser()
    supplier = mall.supplier("A0205", name="福州新锐办公设备有限公司")
    budget = mall.budget(purchaser, "50000.00")
    toner = mall.product(supplier, name="黑色激光硒鼓", category="A020502", unit="只", brand="惠普", model="CF228A",
                         price="520.00", reference_price="560.00", stock=80)
    order = mall.order("placed", purchaser=purchaser, supplier=supplier, product=toner, quantity=6, budget=budget)

    page, looks = visit(supplier)
    assert page.url.endswith("/mall/supplier")  # an order waits: the console, not 我的投标
    looks("console-with-an-order-to-confirm")
    assert "待确认 1" in page.inner_text("main")
    page.get_by_role("link", name=order.code).click()
    page.get_by_role("button", name="确认订单").click()
    looks("order-confirmed")
    page.get_by_role("button", name="确认发货").click()
    looks("order-shipped")
    assert "已发货" in page.inner_text("main h1")

    unit, unit_looks = visit(purchaser)
    unit.goto(f"/mall/orders/{order.id}")
    unit_looks("order-to-accept")
    unit.fill("textarea[name=note]", "6 只硒鼓外包装完好，型号与订单一致，试打印正常。")
    unit.get_by_role("button", name="验收").click()
    unit_looks("order-accepted")
    assert unit.input_value("input[name=amount]") == "3120.00"  # 6 × ¥520.00, prefilled
    unit.fill("input[name=invoice_number]", "No.35012345")
    unit.fill("input[name=payment_reference]", "GK-2026-1201")
    unit.get_by_role("button", name="登记付款").click()
    unit_looks("order-paid")
    unit.get_by_role("button", name="归档").click()
    unit_looks("order-archived")
    assert "已归档" in unit.inner_text("main h1")
    unit.goto(f"/mall/orders/{order.id}?lang=en")
    unit_looks("order-in-english")


def test_the_supervisor_lands_on_its_desk_and_its_chart_renders(make, visit, clock):
    supervisor = make.supervisor()
    make.project(status="awarded")
    clock.set(T0 + timedelta(days=15))  # after the award, at the end of the publicity
    page, looks = visit(supervisor)
    assert page.url.endswith("/audit/desk")
    looks("desk")
    chart = page.locator("canvas").first
    chart.wait_for()
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    page.goto("/audit/desk?lang=en")
    looks("desk-in-english")
