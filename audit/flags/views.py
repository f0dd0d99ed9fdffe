"""Pages of red flags: the filtered list, each flag with its subject and its history; the supervisor's
dismissal."""
from decimal import Decimal

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from audit.flags import operations as flags
from audit.flags.models import FLAG_STATUSES, SEVERITIES
from audit.flags.operations.rules import SEVERITY
from audit.flags.schemas import FlagQuery
from core.auth import page_roles, page_user
from core.money import format_money_display
from core.schemas import load_filters
from core.web import label, paginate, run_action

web = Blueprint("audit_flags", __name__)
MONEY = {"price", "lowest", "highest", "amount", "budget", "excess", "ceiling_price", "total", "reference_total",
         "savings", "earlier", "attempted", "limit", "reference_price", "lowest_elsewhere"}
RATES = {"spread", "ratio", "savings_rate"}


def detail_rows(flag):
    """The figures that raised a flag as people read them: [(label, text)], money with the yuan sign, rates as
    percentages, lists spelled out."""
    rows = []
    for name, value in flag.detail.items():
        if value is None:
            continue
        if name in MONEY:
            text = format_money_display(Decimal(value))
        elif name in RATES:
            text = f"{Decimal(value) * 100:.2f}%"
        elif name == "groups":
            text = "；".join(_("%(price)s: bids %(bids)s", price=format_money_display(Decimal(g["price"])),
                               bids=", ".join(map(str, g["bid_ids"]))) for g in value)
        elif name == "violations":
            text = "；".join(f"{label(v['kind'])} “{v['term']}” · {label(v['place'])}"
                            + (f" p.{v['page']}" if v.get("page") else "") for v in value)
        elif name == "warnings":
            text = "；".join(f"{w.get('expert')} · {w.get('bid_code')} · {w.get('deviation')}" for w in value)
        else:
            text = label(value) if isinstance(value, str) else str(value)
        rows.append((label(f"detail.{name}"), text))
    return rows


def subject_events_url(flag):
    """The trail browser showing the events that raised the flag: its project's (with its bids, evaluation and
    award), or its order's or product's own; None where no one object holds them (a repeat winner's awards, a
    refused order that left nothing behind)."""
    if flag.project_id is not None:
        return url_for("core.audit_trail", project=flag.project.code, _anchor="events")
    if flag.subject_type in ("mall_order", "product"):
        return url_for("core.audit_trail", object_type=flag.subject_type, object_id=flag.subject_id,
                       _anchor="events")
    return None


@web.get("/audit/flags")
@page_roles("admin", "supervisor")
def flag_list():
    filters = load_filters(FlagQuery())
    stmt = flags.search_flags(page_user(), filters["code"], filters["status"], filters["severity"],
                              filters["project_id"])
    return render_template("audit/flags/flags.html", page=paginate(stmt), filters=filters, codes=sorted(SEVERITY),
                           statuses=FLAG_STATUSES, severities=SEVERITIES)


@web.get("/audit/flags/<int:flag_id>")
@page_roles("admin", "supervisor")
def flag(flag_id):
    item = flags.get_flag(page_user(), flag_id)
    return render_template("audit/flags/flag.html", flag=item, events=flags.flag_events(item),
                           subject_events=subject_events_url(item))


@web.post("/audit/flags/<int:flag_id>/dismiss")
@page_roles("supervisor")
def dismiss(flag_id):
    return run_action(lambda: flags.dismiss(page_user(), flag_id, request.form.get("reason")),
                      _("The red flag was dismissed."), url_for("audit_flags.flag", flag_id=flag_id))
