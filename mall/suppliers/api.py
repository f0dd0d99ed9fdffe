"""JSON API of mall suppliers: applying, and the center's decisions."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import ReasonIn, load_args, load_json, paginate
from mall.suppliers import operations as suppliers
from mall.suppliers.schemas import SupplierApplyIn, SupplierOut, SupplierQuery

api = Blueprint("mall_suppliers_api", __name__, url_prefix="/api/v1/mall")


@api.post("/suppliers")
@api_roles("bidder")
@doc("Apply to sell in these categories (an approved bidder organisation; again to add categories)",
     SupplierApplyIn, SupplierOut, status=201)
def apply_supplier():
    return SupplierOut().dump(suppliers.apply(api_user(), load_json(SupplierApplyIn())["categories"])), 201


@api.get("/suppliers")
@api_roles("admin", "supervisor")
@doc("List mall suppliers and applications (?status=)", response=SupplierOut, query=SupplierQuery, paginated=True)
def list_suppliers():
    args = load_args(SupplierQuery())
    return paginate(suppliers.search_suppliers(args["status"]), args, SupplierOut().dump)


@api.get("/suppliers/mine")
@api_roles("bidder")
@doc("The caller's organisation as a mall supplier (404 before it applies)", response=SupplierOut)
def my_supplier():
    return SupplierOut().dump(suppliers.my_supplier(api_user()))


@api.get("/suppliers/<int:supplier_id>")
@api_roles("admin", "supervisor", "bidder")
@doc("One supplier; a bidder sees only its own", response=SupplierOut)
def get_supplier(supplier_id):
    return SupplierOut().dump(suppliers.get_supplier(api_user(), supplier_id))


@api.post("/suppliers/<int:supplier_id>/approve")
@api_roles("admin")
@doc("Approve a pending application (or the categories an approved supplier added)", response=SupplierOut)
def approve_supplier(supplier_id):
    return SupplierOut().dump(suppliers.approve(api_user(), supplier_id))


@api.post("/suppliers/<int:supplier_id>/reject")
@api_roles("admin")
@doc("Reject a pending application (or the categories an approved supplier added), with a reason", ReasonIn,
     SupplierOut)
def reject_supplier(supplier_id):
    return SupplierOut().dump(suppliers.reject(api_user(), supplier_id, load_json(ReasonIn())["reason"]))


@api.post("/suppliers/<int:supplier_id>/suspend")
@api_roles("admin")
@doc("Suspend an approved supplier, with a reason: its products go off the shelf", ReasonIn, SupplierOut)
def suspend_supplier(supplier_id):
    return SupplierOut().dump(suppliers.suspend(api_user(), supplier_id, load_json(ReasonIn())["reason"]))


@api.post("/suppliers/<int:supplier_id>/reinstate")
@api_roles("admin")
@doc("Let a suspended supplier sell again", response=SupplierOut)
def reinstate_supplier(supplier_id):
    return SupplierOut().dump(suppliers.reinstate(api_user(), supplier_id))
