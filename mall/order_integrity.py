"""What the trail must know about budgets, orders and competitions: the fields it guards, and when
the sealed quotes of a competition are revealed (at its close)."""
from core import trail
from mall.competitions import register_scope
from mall.order_models import BudgetLine, Competition, Order, Quote

QUOTE_FIELDS = ("receipt", "unit_price", "total", "valid", "invalid_reason")


def register():
    register_scope()
    trail.watch(BudgetLine, BudgetLine.WATCHED_FIELDS)
    trail.watch(Order, Order.WATCHED_FIELDS)
    trail.watch(Competition, Competition.WATCHED_FIELDS)
    trail.watch(Quote, QUOTE_FIELDS)
