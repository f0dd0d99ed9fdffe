"""Suppliers apply per category, the center decides; suspended or blacklisted suppliers cannot sell."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import accounts
from core import clock as clock_module
from core.extensions import db
from core.models import Event
from core.notifications import Notification
from mall.catalogue.models import Product
from mall.suppliers import operations as suppliers
from mall.suppliers.models import Supplier
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")


def _events(obj_type, obj_id):
    return [e.action for e in db.session.scalars(select(Event).where(
        Event.object_type == obj_type, Event.object_id == obj_id).order_by(Event.id))]


def test_apply_then_the_center_approves(api, make, mall):
    bidder, admin = make.bidder(), make.admin()
    response = api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020201", "A0205"]})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "pending" and body["categories"] == [] and body["pending_categories"] == ["A020201", "A0205"]
    assert not suppliers.may_sell(bidder.organization)

    assert error_of(api.post(f"/api/v1/mall/suppliers/{body['id']}/approve", bidder)) == (403, "forbidden")
    response = api.post(f"/api/v1/mall/suppliers/{body['id']}/approve", admin)
    assert response.status_code == 200
    assert response.json["status"] == "approved" and response.json["categories"] == ["A020201", "A0205"]
    org = bidder.organization
    assert suppliers.may_sell(org) and suppliers.may_sell(org, "A020201")
    assert suppliers.may_sell(org, "A020501")  # under the approved A0205 (办公耗材 → 复印纸)
    assert not suppliers.may_sell(org, "A020202")  # 复印机: not applied for
    assert _events("mall_supplier", body["id"]) == ["supplier.applied", "supplier.approved"]
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == bidder.id))
    assert list(kinds) == ["supplier.approved"]
    # approving again: nothing pending
    assert error_of(api.post(f"/api/v1/mall/suppliers/{body['id']}/approve", admin)) == (409, "wrong_status")


def test_more_categories_wait_for_approval_while_the_supplier_sells(api, make, mall):
    bidder, admin = make.bidder(), make.admin()
    supplier_id = api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020201"]}).json["id"]
    api.post(f"/api/v1/mall/suppliers/{supplier_id}/approve", admin)
    response = api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020201", "A020401"]})
    assert response.status_code == 201
    assert response.json["status"] == "approved" and response.json["pending_categories"] == ["A020401"]
    assert not suppliers.may_sell(bidder.organization, "A020401")
    assert error_of(api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020401"]})) == \
        (409, "already_applied")
    response = api.post(f"/api/v1/mall/suppliers/{supplier_id}/reject", admin, json={"reason": "无家具销售资质"})
    assert response.json["status"] == "approved" and response.json["pending_categories"] == []
    assert suppliers.may_sell(bidder.organization, "A020201")


def test_only_approved_organisations_apply_and_categories_must_exist(api, make, mall):
    pending = make.user("bidder", make.org("bidder", status="pending"))
    assert error_of(api.post("/api/v1/mall/suppliers", pending, json={"categories": ["A020201"]})) == \
        (403, "organization_not_approved")
    bidder = make.bidder()
    response = api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020201", "Z99"]})
    assert error_of(response) == (422, "validation_failed")
    assert "categories.1" in response.json["error"]["fields"]
    assert error_of(api.post("/api/v1/mall/suppliers", bidder, json={"categories": []}))[0] == 422
    assert db.session.scalar(select(Supplier)) is None


def test_rejection_with_a_reason_then_a_new_application(api, make, mall):
    bidder, admin = make.bidder(), make.admin()
    supplier_id = api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020201"]}).json["id"]
    assert error_of(api.post(f"/api/v1/mall/suppliers/{supplier_id}/reject", admin, json={"reason": " "}))[0] == 422
    response = api.post(f"/api/v1/mall/suppliers/{supplier_id}/reject", admin, json={"reason": "营业执照经营范围不含"})
    assert response.json["status"] == "rejected" and response.json["reason"] == "营业执照经营范围不含"
    assert not suppliers.may_sell(bidder.organization, "A020201")
    response = api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020205"]})
    assert response.status_code == 201
    # the new application replaces the rejected one
    assert response.json["status"] == "pending" and response.json["pending_categories"] == ["A020205"]
    assert response.json["reason"] is None
    kinds = list(db.session.scalars(select(Notification.kind).where(Notification.user_id == bidder.id)))
    assert kinds == ["supplier.rejected"]


def test_suspension_takes_every_product_off_the_shelf(api, make, mall):
    seller, admin = mall.supplier(), make.admin()
    first, second = mall.product(seller), mall.product(seller, name="得力A4复印纸 70g", category="A020501",
                                                        brand="得力", model="A4 70g", unit="箱", price="119.00",
                                                        reference_price="129.00")
    supplier_id = suppliers.supplier_of(seller.organization).id
    assert api.get("/api/v1/mall/products").json["total"] == 2
    assert error_of(api.post(f"/api/v1/mall/suppliers/{supplier_id}/suspend", admin, json={})) == \
        (422, "validation_failed")
    response = api.post(f"/api/v1/mall/suppliers/{supplier_id}/suspend", admin, json={"reason": "虚假宣传"})
    assert response.json["status"] == "suspended"
    assert [p.on_shelf for p in db.session.scalars(select(Product).order_by(Product.id))] == [False, False]
    assert _events("mall_product", first.id)[-1] == "product.delisted"
    assert api.get("/api/v1/mall/products").json["total"] == 0
    assert api.get(f"/api/v1/mall/products/{first.id}").status_code == 404  # the public no longer sees it
    assert api.get(f"/api/v1/mall/products/{first.id}", seller).status_code == 200  # its supplier does
    assert not suppliers.may_sell(seller.organization, "A020201")
    new = {"name": "佳能LBP2900+", "category": "A020201", "unit": "台", "price": "1000", "reference_price": "1199",
           "stock": 1}
    assert error_of(api.post("/api/v1/mall/products", seller, json=new)) == (403, "not_a_supplier")
    assert error_of(api.patch(f"/api/v1/mall/products/{first.id}", seller, json={"on_shelf": True})) == \
        (403, "not_a_supplier")

    response = api.post(f"/api/v1/mall/suppliers/{supplier_id}/reinstate", admin)
    assert response.json["status"] == "approved"
    assert api.get("/api/v1/mall/products").json["total"] == 0  # the supplier puts them back itself
    assert api.patch(f"/api/v1/mall/products/{second.id}", seller, json={"on_shelf": True}).json["on_shelf"] is True
    assert [i["id"] for i in api.get("/api/v1/mall/products").json["items"]] == [second.id]
    kinds = list(db.session.scalars(select(Notification.kind).where(Notification.user_id == seller.id)
                                    .order_by(Notification.id)))
    assert kinds == ["supplier.approved", "supplier.suspended", "supplier.reinstated"]


def test_a_blacklisted_supplier_cannot_sell_until_the_blacklisting_ends(api, make, mall, clock):
    seller, admin = mall.supplier(), make.admin()
    product = mall.product(seller)
    today = clock_module.today()
    accounts.set_credit(admin, seller.organization_id, "围标串标", blacklisted_until=today + timedelta(days=10))
    db.session.commit()
    assert not suppliers.may_sell(seller.organization) and not suppliers.may_sell(seller.organization, "A020201")
    assert api.get("/api/v1/mall/products").json["total"] == 0
    assert api.get(f"/api/v1/mall/products/{product.id}").status_code == 404
    assert error_of(api.post("/api/v1/mall/products", seller, json={
        "name": "x", "category": "A020201", "unit": "台", "price": "1", "reference_price": "1", "stock": 1})) == \
        (403, "not_a_supplier")
    clock.advance(days=10)  # blacklisted through its last day
    assert api.get("/api/v1/mall/products").json["total"] == 0
    clock.advance(days=1)
    assert suppliers.may_sell(seller.organization, "A020201")
    assert api.get("/api/v1/mall/products").json["total"] == 1


def test_a_blacklisted_bidder_cannot_apply(api, make, mall, clock):
    bidder = make.bidder(blacklisted_until=clock_module.today() + timedelta(days=1))
    assert error_of(api.post("/api/v1/mall/suppliers", bidder, json={"categories": ["A020201"]})) == \
        (403, "blacklisted")


def test_who_sees_which_supplier(api, make, mall):
    seller, other, admin, supervisor = mall.supplier(), make.bidder(), make.admin(), make.supervisor()
    supplier_id = suppliers.supplier_of(seller.organization).id
    assert api.get(f"/api/v1/mall/suppliers/{supplier_id}", seller).status_code == 200
    assert api.get(f"/api/v1/mall/suppliers/{supplier_id}", other).status_code == 404
    assert api.get("/api/v1/mall/suppliers/mine", seller).json["id"] == supplier_id
    assert api.get("/api/v1/mall/suppliers/mine", other).status_code == 404
    assert api.get("/api/v1/mall/suppliers?status=approved", supervisor).json["total"] == 1
    assert api.get("/api/v1/mall/suppliers?status=pending", admin).json["total"] == 0
    assert api.get("/api/v1/mall/suppliers", seller).status_code == 403
