"""Pages of the supervisor's desk (its start page) and the center's annual statistics."""
from flask import Blueprint, render_template

from audit.desk import operations as desk
from audit.desk.schemas import DashboardQuery, StatisticsQuery
from core.auth import page_roles, page_user
from core.schemas import load_filters

web = Blueprint("audit_desk", __name__)


@web.get("/audit/desk")
@page_roles("admin", "supervisor")
def desk_page():
    filters = load_filters(DashboardQuery())
    return render_template("audit/desk/desk.html", data=desk.dashboard(page_user(), filters["start"], filters["end"]))


@web.get("/audit/statistics")
@page_roles("admin", "supervisor")
def statistics():
    filters = load_filters(StatisticsQuery())
    return render_template("audit/desk/statistics.html", data=desk.annual_statistics(page_user(), filters["year"]))
