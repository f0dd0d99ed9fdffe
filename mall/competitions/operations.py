"""Competitions (竞价): the purchasing unit posts quantity, spec, cap and closing time; approved
suppliers of the category quote, sealed until close; the lowest valid total becomes an order.
No request, no commit.

Quotes take the competition row for share and the close takes it exclusively, so a quote in
flight finishes before the close reads the quotes, and none gets in after it.
"""
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from core import clock, sealing
from core.auth import SYSTEM, acts_as_center, is_bidder, is_party, is_purchaser, require
from core.codes import next_code
from core.errors import N_, Amount, Conflict, DomainError, Forbidden, NotFound, ValidationFailed, message
from core.extensions import db
from core.ids import new_random_id
from core.money import format_money, quantize
from core.notifications import notify, page_link
from core.tasks import each_in_turn
from core.timeutil import to_local
from core.trail import record_event
from mall.budgets import operations as budgets
from mall.catalogue.models import Category, Product
from mall.competitions.models import COMPETITION_LIFECYCLE, Competition, Quote
from mall.orders import operations as orders
from mall.orders.models import Order, OrderItem
from mall.orders.operations import order_link
from mall.suppliers.operations import may_sell

# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "competition.awarded": (N_("Competition %(code)s closed"),
                            N_("Competition %(code)s “%(title)s” closed: order %(order)s was placed with the lowest "
                               "valid quote.")),
    "competition.won": (N_("You won competition %(code)s"),
                        N_("Your quote won competition %(code)s “%(title)s”: order %(order)s awaits your "
                           "confirmation.")),
    "competition.failed": (N_("Competition %(code)s failed"),
                           N_("Competition %(code)s “%(title)s” closed with too few valid quotes: it failed and its "
                              "reservation was released.")),
}


def competition_link(competition):
    return page_link("mall_competitions.competition", competition_id=competition.id)


CODE_PREFIX = "MALL-JJ"
# The largest figure a Numeric(18, 2) column stores is below this.
STORABLE = Decimal("1e16")


def competition_scope(competition):
    return f"competition:{competition.id}"


def can_view(competition, user):
    """The purchasing unit, the center, the supervisor, and suppliers (who look for competitions to quote)."""
    if user is None:
        return False
    return is_party(user, competition) or is_bidder(user)


def get_competition(user, competition_id, lock=False, shared=False):
    lock_mode = {"read": True} if shared else (True if lock else None)
    competition = db.session.get(Competition, competition_id, with_for_update=lock_mode)
    if competition is None or not can_view(competition, user):
        raise NotFound("competition_not_found", "Competition not found.")
    if lock or shared:
        db.session.refresh(competition)
    return competition


def competitions_for(user, status=None):
    """Select statement: a purchasing unit's own competitions; every competition for the others."""
    stmt = select(Competition)
    if is_purchaser(user):
        stmt = stmt.where(Competition.purchaser_id == user.organization_id)
    if status:
        stmt = stmt.where(Competition.status == status)
    return stmt.order_by(Competition.id.desc())


def create_competition(actor, data):
    """Post a competition; its cap (budget_amount) is reserved on the budget line until the close."""
    require(is_purchaser(actor), "not_purchaser", "Only a purchasing unit posts competitions.")
    budget = budgets.get_budget(actor, data["budget_id"])
    require(budget.is_owned_by(actor), "not_budget_owner", "Only the budget line's own unit may draw on it.")
    now = clock.now()
    problems = {}
    if db.session.get(Category, data["category"]) is None:
        problems["category"] = [message("unknown category")]
    if data["closes_at"] <= now:
        problems["closes_at"] = [message("must be in the future")]
    if problems:
        raise ValidationFailed(problems)
    limit = current_app.config["MALL_COMPETITION_LIMIT"]
    if data["budget_amount"] > limit:
        raise DomainError("over_competition_limit",
                          "The budget amount %(amount)s is %(excess)s over the competition limit of %(limit)s; "
                          "use a tender.", amount=Amount(data["budget_amount"]),
                          excess=Amount(data["budget_amount"] - limit), limit=Amount(limit))
    code = next_code(f"{CODE_PREFIX}-{to_local(now).year}")
    budgets.reserve(budget, data["budget_amount"], actor, {"competition": code})
    competition = Competition(
        code=code, status="open", purchaser_id=actor.organization_id, budget_id=budget.id, created_by_id=actor.id,
        title=data["title"], category_code=data["category"], quantity=data["quantity"], spec=data["spec"],
        budget_amount=data["budget_amount"], closes_at=data["closes_at"], sealed_key=sealing.new_scope_key(),
        created_at=now)
    db.session.add(competition)
    db.session.flush()
    record_event(competition, "competition.created", actor, after=competition.recorded_state() | {
        "code": code, "title": competition.title, "category": competition.category_code,
        "quantity": competition.quantity, "closes_at": competition.closes_at})
    return competition


def my_quote(user, competition):
    if not is_bidder(user):
        return None
    return db.session.scalar(select(Quote).where(Quote.competition_id == competition.id,
                                                 Quote.organization_id == user.organization_id))


def quote_content(competition, organization, unit_price, product_id):
    """The canonical quote content its receipt is computed over."""
    return {"competition": competition.code, "supplier_uscc": organization.uscc,
            "unit_price": format_money(unit_price), "product_id": product_id}


def submit_quote(actor, competition_id, unit_price, product_id=None):
    """An approved supplier of the category quotes before the close, replacing its earlier quote."""
    require(is_bidder(actor), "not_a_bidder", "Only suppliers quote.")
    competition = get_competition(actor, competition_id, shared=True)
    org = actor.organization
    if not may_sell(org, competition.category_code):
        raise Forbidden("not_category_supplier", "Only suppliers approved for this category may quote.")
    now = clock.now()
    if not competition.accepts_quotes(now):
        raise Conflict("competition_closed", "This competition no longer accepts quotes.")
    total = quantize(unit_price * competition.quantity)
    if total > competition.budget_amount:
        raise DomainError("quote_above_cap", "The quote's total %(total)s is above the competition's cap %(cap)s.",
                          {"unit_price": [message("at most %(maximum)s for %(quantity)s units",
                                                  maximum=Amount(competition.budget_amount / competition.quantity),
                                                  quantity=competition.quantity)]},
                          total=Amount(total), cap=Amount(competition.budget_amount))
    if product_id is not None:
        product = db.session.get(Product, product_id)
        if product is None or product.supplier_id != org.id or product.category_code != competition.category_code:
            raise ValidationFailed({"product_id": [message("must be one of your products in this category")]})
    content = quote_content(competition, org, unit_price, product_id)
    receipt = sealing.receipt_for(content)
    quote = db.session.scalar(select(Quote).where(Quote.competition_id == competition.id,
                                                  Quote.organization_id == org.id).with_for_update())
    before = {"receipt": quote.receipt} if quote else None
    if quote is None:
        quote = Quote(id=new_random_id(Quote), competition_id=competition.id, organization_id=org.id)
        db.session.add(quote)
    quote.ciphertext = sealing.seal(competition.sealed_key, content)
    quote.receipt = receipt
    quote.submitted_at = now
    db.session.flush()
    record_event(quote, "quote.submitted", actor, before, {"receipt": receipt,
                                                           "ciphertext_sha256": quote.ciphertext_sha256},
                 sealed_scope=competition_scope(competition))
    return quote


def _read_quote(competition, quote):
    """Unseal and judge one quote: receipt, cap, the supplier still allowed to sell."""
    content = sealing.unseal(competition.sealed_key, quote.ciphertext)
    if content is None or sealing.receipt_for(content) != quote.receipt:
        quote.valid, quote.invalid_reason = False, "receipt_mismatch"
        return
    quote.unit_price = Decimal(content["unit_price"])
    quote.product_id = content["product_id"]
    total = quantize(quote.unit_price * competition.quantity)
    # A total beyond what a column holds (a quote sealed before prices were bounded) is kept out, not stored.
    quote.total = total if total < STORABLE else None
    if total > competition.budget_amount:
        quote.valid, quote.invalid_reason = False, "over_cap"
    elif not may_sell(quote.organization, competition.category_code):
        quote.valid, quote.invalid_reason = False, "supplier_may_not_sell"
    else:
        quote.valid, quote.invalid_reason = True, None


def can_view_quotes(competition, user):
    """After the close: the purchasing unit, the center, the supervisor and the suppliers who quoted."""
    if not competition.is_closed or user is None:
        return False
    if is_party(user, competition):
        return True
    return my_quote(user, competition) is not None


def opened_quotes(user, competition):
    """(the quotes as opened at the close, the winning order's id) for those who may see them, else (None, None)."""
    if not can_view_quotes(competition, user):
        return None, None
    return quote_record(competition), order_id_of(competition)


def quotable_products(user, competition):
    """The supplier's own products in the competition's category, to name in its quote (200 at most)."""
    if not is_bidder(user):
        return []
    return db.session.scalars(select(Product).where(Product.supplier_id == user.organization_id,
                                                    Product.category_code == competition.category_code)
                              .order_by(Product.id).limit(200)).all()


def order_id_of(competition):
    return db.session.scalar(select(Order.id).where(Order.competition_id == competition.id))


def quote_record(competition):
    """The quotes as opened at the close, earliest first (nothing before the close)."""
    if not competition.is_closed:
        return []
    return db.session.scalars(select(Quote).where(Quote.competition_id == competition.id)
                              .order_by(Quote.submitted_at, Quote.id)).all()


def close_competition(actor, competition_id):
    """After closes_at (the purchasing unit, or the center and the scheduler): open the quotes, decide,
    and turn the lowest valid quote (equal totals: the earliest) into an order."""
    competition = get_competition(actor, competition_id, lock=True)
    require(competition.is_owned_by(actor) or acts_as_center(actor), "not_owner",
            "Only the purchasing unit that posted the competition may close it.")
    now = clock.now()
    if competition.status == "open" and now < competition.closes_at:
        raise Conflict("too_early", "The competition can be closed only at or after its closing time.")
    quotes = db.session.scalars(select(Quote).where(Quote.competition_id == competition.id)
                                .order_by(Quote.submitted_at, Quote.id)).all()
    if competition.status == "open":
        for quote in quotes:
            _read_quote(competition, quote)
    valid = [q for q in quotes if q.valid]
    enough = len(valid) >= current_app.config["MIN_VALID_QUOTES"]
    winner = min(valid, key=lambda q: (q.total, q.submitted_at, q.id)) if enough else None
    COMPETITION_LIFECYCLE.change(
        competition, "awarded" if enough else "failed", actor, "competition.closed",
        {"closed_at": now, "winning_quote_id": winner.id if winner else None,
         "failed_reason": None if enough else "insufficient_valid_quotes"},
        {"quotes": [{"quote_id": q.id, "supplier_id": q.organization_id, "unit_price": q.unit_price,
                     "total": q.total, "receipt": q.receipt, "valid": q.valid, "invalid_reason": q.invalid_reason}
                    for q in quotes], "winning_quote_id": winner.id if winner else None})
    for quote in quotes:
        record_event(quote, "quote.opened", actor, after={
            "unit_price": quote.unit_price, "total": quote.total, "valid": quote.valid,
            "invalid_reason": quote.invalid_reason}, sealed_scope=competition_scope(competition))
    link = competition_link(competition)
    if winner is None:
        budgets.release(competition.budget, competition.budget_amount, actor, {"competition": competition.code})
        notify(competition.purchaser, "competition.failed", link, code=competition.code, title=competition.title)
        return competition, None
    order = _winning_order(competition, winner, actor, now)
    notify(competition.purchaser, "competition.awarded", order_link(order), code=competition.code,
           title=competition.title, order=order.code)
    notify(winner.organization, "competition.won", order_link(order), code=competition.code,
           title=competition.title, order=order.code)
    return competition, order


def _winning_order(competition, winner, actor, now):
    """The win becomes a placed order: it keeps the winning total of the reservation, the rest is released."""
    product = db.session.get(Product, winner.product_id) if winner.product_id else None
    cap_unit_price = quantize(competition.budget_amount / competition.quantity)
    order = Order(
        code=orders.order_code(now), channel="competition", status="placed", purchaser_id=competition.purchaser_id,
        supplier_id=winner.organization_id, budget_id=competition.budget_id, competition_id=competition.id,
        created_by_id=competition.created_by_id, total=winner.total,
        savings=competition.budget_amount - winner.total, note=competition.spec[:500], placed_at=now)
    order.items = [OrderItem(
        product_id=product.id if product else None, category_code=competition.category_code,
        name=product.name if product else competition.title, unit=product.unit if product else None,
        quantity=competition.quantity, unit_price=winner.unit_price, reference_price=cap_unit_price,
        line_total=winner.total)]
    difference = competition.budget_amount - winner.total
    if difference > 0:
        budgets.release(competition.budget, difference, actor, {"competition": competition.code})
    return orders.record_placed(order, actor, notify_supplier=False)


def competitions_due():
    """Select statement: open competitions past their closing time, the oldest first."""
    return (select(Competition.id).where(Competition.status == "open", Competition.closes_at <= clock.now())
            .order_by(Competition.closes_at, Competition.id))


def close_due(on_error=None):
    """Close every competition past its closing time, each in its own transaction (for a scheduler): one that
    cannot be closed is logged and left for the next run, and the others are closed all the same."""
    return each_in_turn(db.session.scalars(competitions_due()).all(),
                        lambda competition_id: close_competition(SYSTEM, competition_id)[0], on_error)
