"""JSON API of the supervisor's desk and the center's annual statistics."""
from flask import Blueprint

from audit.desk import operations as desk
from audit.desk.schemas import (
    DashboardOut,
    DashboardQuery,
    StatisticsOut,
    StatisticsQuery,
    dump_dashboard,
    dump_statistics,
)
from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_args

api = Blueprint("audit_desk_api", __name__, url_prefix="/api/v1")


@api.get("/audit/dashboard")
@api_roles("admin", "supervisor")
@doc("The supervisor's desk (监管驾驶舱) for a period: totals, by channel, month and purchasing unit, open red "
     "flags by severity, clocks run out", response=DashboardOut, query=DashboardQuery)
def dashboard():
    args = load_args(DashboardQuery())
    return dump_dashboard(desk.dashboard(api_user(), args["start"], args["end"]))


@api.get("/audit/statistics")
@api_roles("admin", "supervisor")
@doc("The center's annual-report figures: every year's totals, and one year by category and by channel",
     response=StatisticsOut, query=StatisticsQuery)
def statistics():
    args = load_args(StatisticsQuery())
    return dump_statistics(desk.annual_statistics(api_user(), args["year"]))
