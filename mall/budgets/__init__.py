"""Budget lines (预算): the center manages them; orders and competitions reserve, release and spend on them."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints
    from mall.budgets import api, views
    from mall.budgets.models import BudgetLine

    registry.add_unique_constraint("uq_budget_line_org_year_code", "duplicate_budget_code",
                                   "The unit already has a budget line with this code for this year.")
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.watch(BudgetLine, BudgetLine.WATCHED_FIELDS)
    registry.add_nav("mall_budgets.budget_lines", _("Budgets"), roles=("purchaser", "admin", "supervisor"), order=45,
                     group="mall")
