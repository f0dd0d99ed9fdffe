"""Pages of deposits: the list (the center's refunds due, a bidder's own deposits with their due dates), a
deposit's page with the refund form, and a project's deposits with the center's check forms."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core import clock
from core.auth import acts_as_center, page_roles, page_user
from core.schemas import load_filters
from core.trail_browser import timeline
from core.web import handle_form, paginate
from trading.deposits import operations as deposits
from trading.deposits.forms import CheckForm, RefundForm
from trading.deposits.models import REFUND_STATUSES
from trading.deposits.schemas import CheckIn, DepositQuery, RefundIn

web = Blueprint("trading_deposits", __name__)
READERS = ("admin", "bidder", "supervisor")


@web.get("/deposits")
@page_roles(*READERS)
def deposit_list():
    user = page_user()
    filters = load_filters(DepositQuery())
    today = clock.today()
    return render_template("trading/deposits/deposits.html", page=paginate(deposits.search_deposits(
        user, filters["status"], filters["project_id"], today)), filters=filters, statuses=REFUND_STATUSES,
        today=today, rate=deposits.annual_rate(), interest_on=deposits.interest_on)


def _deposit_page(deposit, form=None):
    user = page_user()
    today = clock.today()
    form = form or RefundForm(formdata=None)
    may_refund = acts_as_center(user) and deposit.owed and deposit.released_on is not None
    if form.refunded_on.data is None and form.reference.data is None:
        form.refunded_on.data = today
    status = 422 if form.has_problems else 200
    return render_template("trading/deposits/deposit.html", deposit=deposit, project=deposit.project, form=form,
                           may_refund=may_refund, today=today, rate=deposits.annual_rate(),
                           interest=deposits.interest_on(deposit, today),
                           timeline=timeline("deposit", deposit.id, user)), status


@web.get("/deposits/<int:deposit_id>")
@page_roles(*READERS)
def deposit(deposit_id):
    return _deposit_page(deposits.get_deposit(page_user(), deposit_id))


@web.post("/deposits/<int:deposit_id>/refund")
@page_roles("admin")
def refund(deposit_id):
    user = page_user()
    deposit = deposits.get_deposit(user, deposit_id)
    form = RefundForm()
    done = handle_form(form, RefundIn(), lambda data: deposits.refund_deposit(
        user, deposit.id, data["refunded_on"], data["reference"]))
    if done is None:
        return _deposit_page(deposits.get_deposit(user, deposit_id), form)
    flash(_("The refund is recorded."), "success")
    return redirect(url_for("trading_deposits.deposit", deposit_id=deposit.id))


def _project_page(project_id, posted=None, posted_bid=None):
    user = page_user()
    project, rows = deposits.project_deposits(user, project_id)
    forms = {d.bid_id: (posted if d.bid_id == posted_bid else CheckForm(formdata=None)) for d in rows}
    status = 422 if posted is not None and posted.has_problems else 200
    return render_template("trading/deposits/project_deposits.html", project=project, deposits=rows, forms=forms,
                           posted=posted, may_check=acts_as_center(user), today=clock.today()), status


@web.get("/projects/<int:project_id>/deposits")
@page_roles("admin", "supervisor")
def project_deposits(project_id):
    return _project_page(project_id)


@web.post("/projects/<int:project_id>/deposits/<int:bid_id>/check")
@page_roles("admin")
def check(project_id, bid_id):
    user = page_user()
    form = CheckForm()
    done = handle_form(form, CheckIn(), lambda data: deposits.check_deposit(
        user, project_id, bid_id, data["status"], data["note"]))
    if done is None:
        return _project_page(project_id, form, bid_id)
    flash(_("The deposit check is recorded."), "success")
    return redirect(url_for("trading_deposits.project_deposits", project_id=project_id))
