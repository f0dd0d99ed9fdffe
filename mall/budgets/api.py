"""JSON API of budget lines."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_args, load_json, paginate
from mall.budgets import operations as budgets
from mall.budgets.schemas import BudgetIn, BudgetOut, BudgetQuery, BudgetUpdateIn

api = Blueprint("mall_budgets_api", __name__, url_prefix="/api/v1")


@api.post("/budgets")
@api_roles("admin")
@doc("Open a budget line for a purchasing unit and year", BudgetIn, BudgetOut, status=201)
def create_budget():
    return BudgetOut().dump(budgets.create_budget(api_user(), load_json(BudgetIn()))), 201


@api.get("/budgets")
@api_roles("purchaser", "admin", "supervisor")
@doc("Budget lines: a purchasing unit's own, every unit's for the center and the supervisor",
     response=BudgetOut, query=BudgetQuery, paginated=True)
def list_budgets():
    args = load_args(BudgetQuery())
    return paginate(budgets.budgets_for(api_user(), args["organization_id"], args["year"]), args, BudgetOut().dump)


@api.get("/budgets/<int:budget_id>")
@api_roles("purchaser", "admin", "supervisor")
@doc("One budget line: amount, reserved, spent, available", response=BudgetOut)
def get_budget(budget_id):
    return BudgetOut().dump(budgets.get_budget(api_user(), budget_id))


@api.patch("/budgets/<int:budget_id>")
@api_roles("admin")
@doc("Change a budget line's amount (never below reserved + spent) or name", BudgetUpdateIn, BudgetOut)
def update_budget(budget_id):
    return BudgetOut().dump(budgets.update_budget(api_user(), budget_id, load_json(BudgetUpdateIn())))
