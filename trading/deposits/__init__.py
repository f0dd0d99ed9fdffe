"""Bid deposits (保证金): recorded inside the sealed bid, checked by the center after the opening, released by the
result, the contract's signing, the failure or cancellation, or the withdrawal, and given back within 5 working
days, a late refund owing interest."""
from flask_babel import lazy_gettext as _

LABELS = {
    "deposit": _("Deposit"), "deposit_id": _("Deposit"), "deposit_missing": _("Deposit missing or short"),
    "deposit_status.declared": _("Declared, not checked yet"), "deposit_status.confirmed": _("Confirmed"),
    "deposit_status.missing": _("Missing or short"), "deposit_status.refunded": _("Given back"),
    "declared": _("Declared, not checked yet"), "missing": _("Missing or short"), "refunded": _("Given back"),
    "deposit_method.transfer": _("Bank transfer"), "deposit_method.guarantee": _("Electronic guarantee"),
    "method.transfer": _("Bank transfer"), "method.guarantee": _("Electronic guarantee"),
    "refund.pending": _("Not released yet"), "refund.due": _("Due"), "refund.overdue": _("Overdue"),
    "refund.refunded": _("Given back"), "refund.none": _("Nothing to give back"),
    "released_by.result": _("the result notice"), "released_by.contract": _("the contract's signing"),
    "released_by.failed": _("the failure notice"), "released_by.cancelled": _("the cancellation notice"),
    "released_by.withdrawn": _("the bid's withdrawal"),
    "deposit.recorded": _("Deposit read from the sealed bid"), "deposit.checked": _("Deposit checked"),
    "deposit.released": _("Deposit released: due back"), "deposit.refunded": _("Deposit given back"),
    "required": _("Deposit asked"), "issuer": _("Issuer"), "check_note": _("Check note"),
    "released_on": _("Released on"), "refund_due_on": _("Due back by"), "refund_due_estimated": _("Due date estimated"),
    "refunded_on": _("Given back on"), "refund_reference": _("Refund reference"), "late_days": _("Days late"),
    "interest": _("Interest owed"),
    "trading.deposit_reminders": _("Reminding the deposit refunds due"),
}


def register(app, registry):
    from core import register_blueprints
    from core.auth import oversees
    from core.plugins import decimal_setting
    from trading.deposits import api, views
    from trading.deposits.models import Deposit
    from trading.deposits.operations import (
        NOTIFICATION_KINDS,
        on_awarded,
        on_contract_signed,
        on_project_closed,
        on_project_opened,
    )
    from trading.deposits.seed import seed_deposit_checks, seed_refunds
    from trading.deposits.tasks import send_deposit_reminders

    # A late refund owes interest at this annual rate: the one-year benchmark lending rate (4.35%) plus 20%.
    registry.add_settings(app, DEPOSIT_LATE_ANNUAL_RATE=decimal_setting("0.0522"))
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    registry.add_labels(LABELS)
    registry.watch(Deposit, Deposit.WATCHED_FIELDS)
    registry.on_event("project.opened", on_project_opened)
    registry.on_event("project.failed", on_project_closed)
    registry.on_event("project.cancelled", on_project_closed)
    registry.on_event("evaluation.awarded", on_awarded)
    registry.on_event("contract.signed", on_contract_signed)
    registry.add_schedule("remind the deposit refunds due", send_deposit_reminders, 3600)
    registry.add_object_page("deposit", "trading_deposits.deposit", "deposit_id")
    registry.add_trail_scope("deposit", _("Deposit id"))
    # Whose deposit and how much: the center's and the supervisor's on a project's timeline, never the unit's.
    registry.restrict_trail("deposit", oversees)
    registry.add_nav("trading_deposits.deposit_list", _("Bid deposits"), roles=("admin", "bidder", "supervisor"),
                     order=26, group="trading")
    registry.add_link("project", "trading_deposits.project_deposits", _("Bid deposits"),
                      lambda project, user: oversees(user) and project.opened_at is not None or (
                          oversees(user) and project.status == "cancelled" and project.published_at is not None),
                      lambda project: {"project_id": project.id})
    registry.add_seed_step(seed_deposit_checks, order=63)  # before the expert draws
    registry.add_seed_step(seed_refunds, order=87)  # after the contracts
