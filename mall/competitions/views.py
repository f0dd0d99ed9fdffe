"""Pages of competitions: the list, a new competition, one competition with its quote form and close."""
from datetime import timedelta
from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core import clock
from core.auth import is_bidder, page_roles, page_user
from core.extensions import db
from core.inputs import form_int
from core.schemas import load_filters
from core.timeutil import to_local
from core.web import handle_form, paginate, render_form, run_action
from mall.budgets.views import budget_choices
from mall.catalogue.models import Category
from mall.competitions import operations as competitions
from mall.competitions.forms import CompetitionForm, QuoteForm
from mall.competitions.models import COMPETITION_STATUSES
from mall.competitions.schemas import CompetitionIn, CompetitionQuery, QuoteIn
from mall.orders.operations import cart_groups
from mall.orders.views import VIEWERS

web = Blueprint("mall_competitions", __name__)


@web.get("/mall/competitions")
@page_roles(*VIEWERS)
def competition_list():
    filters = load_filters(CompetitionQuery())
    page = paginate(competitions.competitions_for(page_user(), filters["status"]))
    return render_template("mall/competitions/competitions.html", page=page, filters=filters, statuses=COMPETITION_STATUSES)


def _competition_form():
    form = CompetitionForm()
    form.budget_id.choices = budget_choices(page_user())
    leaves = db.session.scalars(select(Category).where(~Category.children.any()).order_by(Category.code)).all()
    form.category.choices = [(c.code, f"{c.code} {c.name}") for c in leaves]
    if request.method == "GET":
        form.closes_at.data = to_local(clock.now() + timedelta(days=3)).replace(second=0, microsecond=0)
        supplier_id = request.args.get("from_cart", type=form_int)
        if supplier_id is not None:
            _fill_from_cart(form, supplier_id)
    return form


def _spec_line(product, quantity):
    """联想启天M450台式计算机（启天M450）× 3 台：i5-12500/16G/512G SSD"""
    model = f"（{product.model}）" if product.model else ""
    spec = f"：{product.spec}" if product.spec else ""
    return f"{product.name}{model} × {quantity} {product.unit or ''}".rstrip() + spec


def _fill_from_cart(form, supplier_id):
    """The form filled with one supplier's part of the purchaser's cart: its items in the specification, their
    quantity, the category most of them are in, and their total at reference prices as the cap."""
    lines = next((lines for supplier, lines, _ in cart_groups(page_user()) if supplier.id == supplier_id), None)
    if not lines:
        return
    first = lines[0][0]
    form.title.data = (_("Purchase of %(name)s", name=first.name) if len(lines) == 1 else
                       _("Purchase of %(name)s and other items (%(count)s in all)", name=first.name, count=len(lines)))
    counts = {}
    for product, quantity, _total in lines:
        counts[product.category_code] = counts.get(product.category_code, 0) + quantity
    form.category.data = max(counts, key=counts.get)
    form.quantity.data = sum(quantity for _product, quantity, _total in lines)
    form.spec.data = "\n".join(_spec_line(product, quantity) for product, quantity, _total in lines)
    form.budget_amount.data = str(sum((product.reference_price * quantity for product, quantity, _total in lines),
                                      Decimal("0.00")))


@web.route("/mall/competitions/new", methods=["GET", "POST"])
@page_roles("purchaser")
def new_competition():
    form = _competition_form()
    competition = handle_form(form, CompetitionIn(), lambda data: competitions.create_competition(page_user(), data))
    if competition is not None:
        flash(_("Competition %(code)s posted; its budget amount is reserved.", code=competition.code), "success")
        return redirect(url_for("mall_competitions.competition", competition_id=competition.id))
    return render_form("mall/competitions/competition_form.html", form)


def _competition_page(competition_id, form=None, status=200):
    user = page_user()
    competition = competitions.get_competition(user, competition_id)
    quote = competitions.my_quote(user, competition)
    if form is None and is_bidder(user):
        form = QuoteForm()
    if form is not None:
        own = competitions.quotable_products(user, competition)
        form.product_id.choices = [("", "—")] + [(p.id, f"{p.name} {p.model or ''}") for p in own]
    quotes, order_id = competitions.opened_quotes(user, competition)
    return render_template(
        "mall/competitions/competition.html", competition=competition, my_quote=quote, form=form,
        quotes=quotes, order_id=order_id,
        may_quote=is_bidder(user) and competition.accepts_quotes(clock.now()),
        may_close=competition.can_close(user, clock.now())), status


@web.get("/mall/competitions/<int:competition_id>")
@page_roles(*VIEWERS)
def competition(competition_id):
    return _competition_page(competition_id)


@web.post("/mall/competitions/<int:competition_id>/quote")
@page_roles("bidder")
def submit_quote(competition_id):
    form = QuoteForm()
    form.product_id.choices = None  # any id: the operation checks it is the supplier's own
    form.product_id.validate_choice = False
    quote = handle_form(form, QuoteIn(), lambda data: competitions.submit_quote(
        page_user(), competition_id, data["unit_price"], data["product_id"]))
    if quote is None:
        return _competition_page(competition_id, form, 422)
    flash(_("Quote sealed. Receipt: %(receipt)s", receipt=quote.receipt), "success")
    return redirect(url_for("mall_competitions.competition", competition_id=competition_id))


def _closed_message(result):
    competition, order = result
    if order is None:
        return _("Competition closed: too few valid quotes, it failed and the reservation was released.")
    return _("Competition closed: order %(code)s placed with the lowest valid quote.", code=order.code)


@web.post("/mall/competitions/<int:competition_id>/close")
@page_roles("purchaser", "admin")
def close_competition(competition_id):
    return run_action(lambda: competitions.close_competition(page_user(), competition_id), _closed_message,
                      url_for("mall_competitions.competition", competition_id=competition_id))
