"""Pages of budget lines: the list with the center's form, and one line."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core import clock
from core.auth import acts_as_center, page_roles, page_user
from core.extensions import db
from core.models import Organization
from core.money import format_money_display
from core.schemas import load_filters
from core.timeutil import to_local
from core.web import handle_form, paginate, render_form
from mall.budgets import operations as budgets
from mall.budgets.forms import BudgetEditForm, BudgetForm
from mall.budgets.schemas import BudgetIn, BudgetQuery, BudgetUpdateIn
from mall.orders import operations as orders

web = Blueprint("mall_budgets", __name__)


def budget_choices(user):
    year = to_local(clock.now()).year
    lines = db.session.scalars(budgets.budgets_for(user).where(budgets.BudgetLine.year >= year - 1)).all()
    return [(b.id, f"{b.year} {b.code} {b.name} ({_('available')} {format_money_display(b.available)})")
            for b in lines]


def _budget_form():
    form = BudgetForm()
    units = db.session.scalars(select(Organization).where(Organization.kind == "purchaser",
                                                          Organization.status == "approved")
                               .order_by(Organization.name)).all()
    form.organization_id.choices = [(o.id, o.name) for o in units]
    if request.method == "GET":
        form.year.data = to_local(clock.now()).year
    return form


@web.route("/budgets", methods=["GET", "POST"])
@page_roles("purchaser", "admin", "supervisor")
def budget_lines():
    user = page_user()
    filters = load_filters(BudgetQuery())
    form = _budget_form() if acts_as_center(user) else None
    if form is not None and request.method == "POST":
        budget = handle_form(form, BudgetIn(), lambda data: budgets.create_budget(user, data))
        if budget is not None:
            flash(_("Budget line %(code)s opened.", code=budget.code), "success")
            return redirect(url_for("mall_budgets.budget_line", budget_id=budget.id))
    elif request.method == "POST":
        abort(403)
    page = paginate(budgets.budgets_for(user, filters["organization_id"], filters["year"]))
    return render_form("mall/budgets/budgets.html", form, page=page, filters=filters)


@web.route("/budgets/<int:budget_id>", methods=["GET", "POST"])
@page_roles("purchaser", "admin", "supervisor")
def budget_line(budget_id):
    user = page_user()
    budget = budgets.get_budget(user, budget_id)
    form = None
    if acts_as_center(user):
        form = BudgetEditForm(data={"name": budget.name, "amount": budget.amount} if request.method == "GET" else None)
        if request.method == "POST" and handle_form(
                form, BudgetUpdateIn(), lambda data: budgets.update_budget(user, budget_id, data)) is not None:
            flash(_("Budget line saved."), "success")
            return redirect(url_for("mall_budgets.budget_line", budget_id=budget_id))
    elif request.method == "POST":
        abort(403)
    drawn = db.session.scalars(orders.orders_for(user).where(orders.Order.budget_id == budget.id).limit(100)).all()
    return render_form("mall/budgets/budget.html", form, budget=budget, orders=drawn)
