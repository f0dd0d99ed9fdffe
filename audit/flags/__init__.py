"""Red flags: raised on the other modules' events, recomputed on demand, listed for the center and the
supervisor, dismissed by the supervisor with a reason."""
from flask_babel import lazy_gettext as _

LABELS = {
    "single_valid_bid": _("Single valid bid"), "failed_tender": _("Failed tender"),
    "award_above_budget": _("Award above the budget"), "identical_bid_prices": _("Identical bid prices"),
    "bid_price_cluster": _("Bid prices clustered"), "price_near_ceiling": _("Award near the ceiling"),
    "repeat_winner": _("Repeat winner"), "expert_score_deviation": _("Expert score deviation"),
    "mall_reference_inflated": _("Mall reference price inflated"), "split_order_suspected": _("Split order suspected"),
    "flag.raised": _("Raised"), "flag.updated": _("Figures updated"), "flag.reopened": _("Raised again"),
    "flag.open": _("Unresolved"), "flag.resolved": _("Resolved"), "flag.dismissed": _("Dismissed"),
    "severity.high": _("High"), "severity.medium": _("Medium"), "severity.low": _("Low"),
    # The figures of a flag (its detail).
    "detail.reason": _("Reason"), "detail.valid_bids": _("Valid bids"), "detail.bid_id": _("Bid"),
    "detail.price": _("Price"), "detail.groups": _("Identical prices"), "detail.lowest": _("Lowest price"),
    "detail.highest": _("Highest price"), "detail.spread": _("Spread"), "detail.amount": _("Award amount"),
    "detail.budget": _("Budget"), "detail.excess": _("Above the budget by"), "detail.ceiling_price": _("Ceiling price"),
    "detail.ratio": _("Share of the ceiling"), "detail.warnings": _("Deviations (expert · bid · deviation)"),
    "detail.year": _("Year"), "detail.wins": _("Awards won"), "detail.awards": _("Awards of the unit"),
    "detail.supplier": _("Supplier"), "detail.bidder": _("Bidder"), "detail.violations": _("Found"),
    "detail.code": _("Order"), "detail.total": _("Order total"), "detail.reference_total": _("At reference prices"),
    "detail.savings": _("Savings"), "detail.savings_rate": _("Savings rate"), "detail.category": _("Category"),
    "detail.day": _("Day"), "detail.window_days": _("Window (days)"), "detail.earlier": _("Earlier direct orders"),
    "detail.attempted": _("Refused order"), "detail.limit": _("Direct purchase limit"),
    "detail.attempts": _("Attempts"), "detail.product": _("Product"), "detail.reference_price": _("Reference price"),
    "detail.lowest_elsewhere": _("Lowest price of the same model elsewhere"),
    "contract_overdue": _("Contract not signed in time"), "contract_published_late": _("Contract notice late"),
    "payment_overdue": _("Payment overdue"), "detail.sign_due_on": _("Sign by"), "detail.signed_on": _("Signed on"),
    "detail.publish_due_on": _("Publish the notice by"), "detail.recorded_on": _("Recorded on"),
    "detail.payment_due_on": _("Pay by"), "detail.unpaid": _("Unpaid"),
    "audit.evaluation_flags": _("Red flags of an evaluation"), "audit.contract_clocks": _("The contract clocks"),
    "challenge_reply_overdue": _("Challenge reply overdue"),
    "complaint_decision_overdue": _("Complaint decision overdue"),
    # The flag's own fields on its trail (core.trail_browser reads "<kind>.<field>" first).
    "red_flag.code": _("Kind of flag"), "red_flag.severity": _("Severity"), "red_flag.detail": _("Figures"),
    "red_flag.subject": _("Subject"), "red_flag.status.open": _("Unresolved"),
    "red_flag.status.resolved": _("Resolved"), "red_flag.status.dismissed": _("Dismissed"),
    "detail.subject": _("Subject"), "detail.reply_due_on": _("Reply by"), "detail.decision_due_on": _("Decide by"),
    "audit.challenge_clocks": _("The challenge and complaint clocks"),
    "audit.deposit_clocks": _("The deposit refund clocks"), "deposit_refund_overdue": _("Deposit refund overdue"),
    "detail.due_on": _("Due by"), "detail.refunded_on": _("Given back on"), "detail.late_days": _("Days late"),
    "detail.interest": _("Interest owed"),
}


def register(app, registry):
    from audit.flags import api, views
    from audit.flags.cli import flags_command
    from audit.flags.models import RedFlag
    from audit.flags.operations import EVENT_HANDLERS, on_split_order_refused
    from audit.flags.tasks import (
        challenge_clocks, contract_clocks, deposit_clocks, queue_evaluation_flags, seed_clocks,
    )
    from core import CONCURRENT_CHANGE, register_blueprints
    from core.auth import oversees
    from core.plugins import decimal_setting, int_setting

    registry.add_settings(
        app,
        # A direct order saving more than this share of its reference total: the reference price is the suspect.
        MALL_REFERENCE_INFLATED_RATE=decimal_setting("0.50"),
        # All valid prices of a tender within this share of the lowest: bid_price_cluster.
        BID_PRICE_CLUSTER_RATIO=decimal_setting("0.01"),
        # An award at or above this share of the ceiling price: price_near_ceiling.
        PRICE_NEAR_CEILING_RATIO=decimal_setting("0.99"),
        # repeat_winner counts from this many awards of a purchasing unit in a year.
        REPEAT_WINNER_MIN_AWARDS=int_setting(4),
    )
    registry.add_unique_constraint("uq_red_flag_code_subject", "conflict", CONCURRENT_CHANGE)
    registry.watch(RedFlag, RedFlag.WATCHED_FIELDS)
    registry.add_labels(LABELS)
    for action, handler in EVENT_HANDLERS.items():
        registry.on_event(action, handler)
    registry.on_event("evaluation.evaluated", queue_evaluation_flags)
    registry.on_event("evaluation.awarded", queue_evaluation_flags)
    registry.on_refusal("split_order_suspected", on_split_order_refused)
    registry.add_schedule("raise the contract clocks' flags", contract_clocks, 3600)
    registry.add_schedule("raise the challenge and complaint clocks' flags", challenge_clocks, 3600)
    registry.add_schedule("raise the deposit refund clocks' flags", deposit_clocks, 3600)
    registry.add_seed_step(seed_clocks, order=99)
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_object_page("red_flag", "audit_flags.flag", "flag_id")
    # Red flags are the center's and the supervisor's: never on the purchasing unit's project timeline.
    registry.restrict_trail("red_flag", oversees)
    app.add_template_global(views.detail_rows, "flag_detail_rows")
    registry.add_nav("audit_flags.flag_list", _("Red flags"), roles=("admin", "supervisor"), order=79,
                     group="supervision")
    app.cli.commands["audit"].add_command(flags_command)
