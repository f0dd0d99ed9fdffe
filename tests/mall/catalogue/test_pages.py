"""The mall pages, in Chinese and English: catalogue, product, supplier console, approvals, flags."""
import io

import pytest
from sqlalchemy import select

from core.extensions import db
from mall.catalogue import operations as catalogue_ops
from mall.catalogue.models import Product
from mall.suppliers import operations as suppliers

pytestmark = pytest.mark.usefixtures("fast_passwords")


def test_catalogue_and_product_pages_in_chinese_and_english(app, make, mall, login):
    seller, rival = mall.supplier(), mall.supplier()
    printer = mall.product(seller, price="2299.00")
    mall.product(rival, price="2199.00")
    mall.product(seller, name="得力A4复印纸 70g", category="A020501", brand="得力", model="A4 70g", unit="箱",
                 price="119.00", reference_price="129.00")
    client = app.test_client()  # anonymous visitors browse the catalogue
    page = client.get("/mall?q=打印机&sort=price").get_data(as_text=True)
    assert "商城商品目录" in page and "办公设备" in page
    assert page.index("¥2,199.00") < page.index("¥2,299.00") and "复印纸 70g" not in page
    page = client.get("/mall?q=A4纸&lang=en").get_data(as_text=True)
    assert "Mall catalogue" in page and "Office equipment" in page and "得力A4复印纸 70g" in page
    assert "M404dn" not in page
    page = client.get("/mall?category=A0205&lang=zh_CN").get_data(as_text=True)
    assert "得力A4复印纸 70g" in page and "M404dn" not in page
    assert client.get("/mall?min_price=abc").status_code == 200  # a bad filter is left out

    page = client.get(f"/mall/products/{printer.id}").get_data(as_text=True)
    assert "价格历史" in page and "比价" in page and "¥2,199.00" in page and "¥2,399.00" in page
    assert "修改价格" not in page
    page = client.get(f"/mall/products/{printer.id}?lang=en").get_data(as_text=True)
    assert "Price history" in page and "Compare: the same brand and model" in page


def test_the_catalogue_counts_its_total_up_to_the_match_cap(app, mall, monkeypatch):
    seller = mall.supplier()
    for n, price in enumerate(("10.00", "20.00", "30.00", "40.00", "50.00")):
        mall.product(seller, model=f"M{n}", price=price, reference_price=price)
    client = app.test_client()
    assert "共 5 条" in client.get("/mall").get_data(as_text=True)
    monkeypatch.setattr(catalogue_ops, "MATCH_CAP", 3)  # a million products: counting them all cost 150 ms
    page = client.get("/mall?sort=price").get_data(as_text=True)
    assert "3 条以上" in page and "共 5 条" not in page
    assert all(f"¥{price}" in page for price in ("10.00", "30.00", "50.00"))  # the page itself is whole
    assert "3 or more" in client.get("/mall?lang=en").get_data(as_text=True)


def test_the_supplier_edits_its_product_on_its_page(make, mall, login):
    seller = mall.supplier()
    printer = mall.product(seller, price="2299.00")
    client = login(seller)
    page = client.get(f"/mall/products/{printer.id}").get_data(as_text=True)
    assert "修改价格、库存或上下架" in page
    response = client.post(f"/mall/products/{printer.id}", data={
        "price": "2499.00", "reference_price": "2399.00", "stock": "5", "on_shelf": "y"})
    assert response.status_code == 422 and "不得高于参考价 ¥2,399.00" in response.get_data(as_text=True)
    response = client.post(f"/mall/products/{printer.id}", data={
        "price": "2199.00", "reference_price": "2399.00", "stock": "5", "on_shelf": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (str(printer.price), printer.stock, printer.on_shelf) == ("2199.00", 5, True)
    other = login(mall.supplier())
    assert other.post(f"/mall/products/{printer.id}", data={
        "price": "1.00", "reference_price": "2399.00", "stock": "5"}).status_code == 422


def test_the_supplier_applies_lists_and_uploads_from_its_console(app, make, mall, login):
    bidder, admin = make.bidder(), make.admin()
    client = login(bidder)
    page = client.get("/mall/supplier").get_data(as_text=True)
    assert "贵单位尚不是商城供应商" in page and "A020201 打印机" in page
    assert client.post("/mall/supplier/apply", data={}).status_code == 422
    response = client.post("/mall/supplier/apply", data={"categories": ["A020201", "A020501"]})
    assert response.status_code == 302
    page = client.get("/mall/supplier").get_data(as_text=True)
    assert "待交易中心审核" in page and "上架商品" not in page

    center = login(admin)
    page = center.get("/admin/mall/suppliers?status=pending").get_data(as_text=True)
    assert bidder.organization.name in page and "驳回" in page
    supplier_id = suppliers.supplier_of(bidder.organization).id
    assert center.post(f"/admin/mall/suppliers/{supplier_id}/approve").status_code == 302
    assert suppliers.supplier_of(bidder.organization).status == "approved"

    page = client.get("/mall/supplier?lang=en").get_data(as_text=True)
    assert "List a product" in page and "Bulk upload" in page
    form = client.get("/mall/supplier/products/new?lang=zh_CN").get_data(as_text=True)
    assert "A020201" in form and "A020202" not in form  # only its categories
    response = client.post("/mall/supplier/products/new", data={
        "name": "兄弟HL-L2350DW黑白激光打印机", "category": "A020201", "brand": "兄弟", "model": "HL-L2350DW",
        "unit": "台", "price": "1099.01", "reference_price": "1099.00", "stock": "8"})
    assert response.status_code == 422 and "不得高于参考价" in response.get_data(as_text=True)
    response = client.post("/mall/supplier/products/new", data={
        "name": "兄弟HL-L2350DW黑白激光打印机", "category": "A020201", "brand": "兄弟", "model": "HL-L2350DW",
        "unit": "台", "price": "1099.00", "reference_price": "1099.00", "stock": "8"})
    assert response.status_code == 302
    csv = ("name,category,unit,price,reference_price,stock\n"
           "得力A4复印纸,A020501,箱,119,129,10\n"
           "齐心A4复印纸,A020501,箱,130,129,10\n").encode()
    response = client.post("/mall/supplier/import", data={"file": (io.BytesIO(csv), "products.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "已上架：1" in page and "未导入的行：1" in page
    page = client.get("/mall/supplier").get_data(as_text=True)
    assert "兄弟HL-L2350DW黑白激光打印机" in page and "得力A4复印纸" in page
    assert db.session.scalar(select(db.func.count(Product.id))) == 2


def test_center_pages_and_who_may_open_them(make, mall, login):
    seller = mall.supplier()
    low = mall.product(seller, price="100.00", reference_price="200.00")
    high = mall.product(mall.supplier(), price="150.00", reference_price="200.00")
    admin, supervisor = login(make.admin()), login(make.supervisor())
    page = admin.get("/admin/mall/price-flags").get_data(as_text=True)
    assert high.name in page and "远高于其他供应商同型号价格" in page and "¥100.00" in page
    page = supervisor.get("/admin/mall/price-flags?lang=en").get_data(as_text=True)
    assert "Far above the same model elsewhere" in page and low.supplier.name not in page.split("<tbody>")[1].split(
        high.supplier.name)[0]
    page = supervisor.get("/admin/mall/suppliers").get_data(as_text=True)
    assert seller.organization.name in page and "暂停" not in page.split("<tbody>")[1]
    supplier_id = suppliers.supplier_of(seller.organization).id
    assert supervisor.post(f"/admin/mall/suppliers/{supplier_id}/suspend", data={"reason": "x"}).status_code == 403
    bidder = login(seller)
    assert bidder.get("/admin/mall/suppliers").status_code == 403
    assert bidder.get("/admin/mall/price-flags").status_code == 403
    purchaser = login(make.purchaser())
    assert purchaser.get("/mall/supplier").status_code == 403
    assert purchaser.get("/mall").status_code == 200
    response = admin.post(f"/admin/mall/suppliers/{supplier_id}/suspend", data={"reason": "虚假宣传"})
    assert response.status_code == 302
    db.session.expire_all()
    assert low.on_shelf is False
