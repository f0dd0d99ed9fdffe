"""Pages of mall suppliers: the supplier console with its application, the center's list and decisions."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.auth import page_roles, page_user
from core.schemas import load_filters
from core.web import handle_form, paginate, render_form, run_action
from mall.catalogue import operations as ops
from mall.catalogue.operations.categories import all_categories, category_name
from mall.catalogue.schemas import MyProductQuery
from mall.catalogue.views import category_choices
from mall.orders.operations import orders_waiting_for_supplier
from mall.suppliers import operations as suppliers
from mall.suppliers.forms import ApplyForm
from mall.suppliers.models import SUPPLIER_STATUSES
from mall.suppliers.schemas import SupplierApplyIn, SupplierQuery

web = Blueprint("mall_suppliers", __name__)


def _console(apply_form=None):
    user = page_user()
    supplier = suppliers.supplier_of(user.organization)
    apply_form = apply_form or ApplyForm(formdata=None)
    known = {c.category_code for c in supplier.categories} if supplier and supplier.status != "rejected" else set()
    apply_form.categories.choices = [c for c in category_choices() if c[0] not in known]
    filters = load_filters(MyProductQuery())
    page = paginate(ops.supplier_products(user, filters["q"], filters["on_shelf"])) if supplier else None
    waiting, waiting_counts = orders_waiting_for_supplier(user) if supplier else ([], {})
    return render_form("mall/suppliers/console.html", apply_form, supplier=supplier, page=page,
                       waiting=waiting, waiting_counts=waiting_counts,
                       names={c.code: category_name(c) for c in all_categories()},
                       may_sell=suppliers.may_sell(user.organization))


@web.get("/mall/supplier")
@page_roles("bidder")
def supplier_console():
    return _console()


@web.post("/mall/supplier/apply")
@page_roles("bidder")
def apply_supplier():
    form = ApplyForm()
    form.categories.choices = category_choices()
    if handle_form(form, SupplierApplyIn(), lambda d: suppliers.apply(page_user(), d["categories"])) is None:
        return _console(form)
    flash(_("Application sent to the trading center."), "success")
    return redirect(url_for("mall_suppliers.supplier_console"))


@web.get("/admin/mall/suppliers")
@page_roles("admin", "supervisor")
def admin_suppliers():
    filters = load_filters(SupplierQuery())
    return render_template("mall/suppliers/suppliers.html", page=paginate(suppliers.search_suppliers(filters["status"])),
                           statuses=SUPPLIER_STATUSES, names={c.code: category_name(c) for c in all_categories()})


def _decision(operation, done):
    return run_action(operation, done, url_for("mall_suppliers.admin_suppliers"))


@web.post("/admin/mall/suppliers/<int:supplier_id>/approve")
@page_roles("admin")
def approve_supplier(supplier_id):
    return _decision(lambda: suppliers.approve(page_user(), supplier_id), _("Supplier approved."))


@web.post("/admin/mall/suppliers/<int:supplier_id>/reject")
@page_roles("admin")
def reject_supplier(supplier_id):
    return _decision(lambda: suppliers.reject(page_user(), supplier_id, request.form.get("reason", "")),
                     _("Application rejected."))


@web.post("/admin/mall/suppliers/<int:supplier_id>/suspend")
@page_roles("admin")
def suspend_supplier(supplier_id):
    return _decision(lambda: suppliers.suspend(page_user(), supplier_id, request.form.get("reason", "")),
                     _("Supplier suspended; its products are off the shelf."))


@web.post("/admin/mall/suppliers/<int:supplier_id>/reinstate")
@page_roles("admin")
def reinstate_supplier(supplier_id):
    return _decision(lambda: suppliers.reinstate(page_user(), supplier_id), _("Supplier reinstated."))
