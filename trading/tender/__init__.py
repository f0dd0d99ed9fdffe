"""Tender projects (进场登记 to opening): registration, publication, sign-up, sealed bids and opening."""
from flask_babel import lazy_gettext as _

# Labels of the tender's codes: statuses, categories, methods, invalid reasons, field names.

LABELS = {
    "draft": _("Draft"), "submitted": _("Submitted"), "published": _("Published"), "opened": _("Opened"),
    "evaluated": _("Evaluated"), "awarded": _("Awarded"), "failed": _("Failed"), "cancelled": _("Cancelled"),
    "withdrawn": _("Withdrawn"), "project": _("project"),
    "construction": _("Construction"), "goods": _("Goods"), "services": _("Services"),
    "open_tender": _("Open tender"), "invited_tender": _("Invited tender"),
    "competitive_negotiation": _("Competitive negotiation"), "inquiry": _("Inquiry"),
    "lowest": _("Lowest evaluated price"), "average_deviation": _("Average deviation"),
    "over_ceiling_price": _("Above the ceiling price"), "receipt_mismatch": _("Receipt does not match"),
    "undecryptable": _("Cannot be decrypted"), "insufficient_valid_bids": _("Too few valid bids"),
    "technical": _("Technical part"), "commercial": _("Commercial part"), "qualification": _("Qualification part"),
    "budget": _("Budget"), "ceiling_price": _("Ceiling price"), "deposit": _("Bid deposit"),
    "signup_deadline": _("Sign-up deadline"), "bid_deadline": _("Bid deadline"),
    "evaluation.weights": _("Evaluation weights"), "evaluation.technical_criteria": _("Technical criteria"),
    "evaluation.panel_size": _("Panel size"), "evaluation.k": _("k (base price factor)"),
    "evaluation.up_deduction": _("Deduction above the base"),
    "evaluation.down_deduction": _("Deduction below the base"),
}
# Money and outcomes: verification fails, naming the object, when a row differs from its chain.
BID_FIELDS = ("status", "receipt", "price", "valid", "invalid_reason", "abnormally_low", "credit_score", "sme")


def register(app, registry):
    from sqlalchemy import select

    from core import CONCURRENT_CHANGE, register_blueprints
    from core.extensions import db
    from core.plugins import decimal_setting, int_setting
    from trading.tender import api, seed, views
    from trading.tender.models import Bid, Project
    from trading.tender.operations.notifications import NOTIFICATION_KINDS

    registry.add_unique_constraint("uq_signup_project_org", "already_signed_up",
                                   "Your organisation has already signed up for this project.")
    registry.add_unique_constraint("uq_bid_signup_id", "conflict", CONCURRENT_CHANGE)
    registry.add_unique_constraint("uq_project_code", "conflict", CONCURRENT_CHANGE)

    registry.add_settings(
        app,
        # Open and invited tender: the bid deadline at least this many days after publication.
        MIN_BID_DAYS=int_setting(20),
        # Negotiation and inquiry: working days on the PRC calendar (0: no minimum).
        MIN_RESPONSE_WORKING_DAYS=int_setting(3),
        # Fewer valid bids at opening: the procurement fails (流标).
        MIN_VALID_BIDS=int_setting(3),
        # A bid this far below the others' average is flagged as abnormally low.
        ABNORMALLY_LOW_RATIO=decimal_setting("0.20"),
        MAX_DEPOSIT_RATIO=decimal_setting("0.02"),
        # From this budget on, a larger panel is required.
        LARGE_PROJECT_BUDGET=decimal_setting("10000000"),
    )

    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_object_page("project", "trading.project", "project_id")
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    registry.add_labels(LABELS)
    registry.add_trail_scope("project", _("Project id or code"), find_id=lambda code: db.session.scalar(
        select(Project.id).where(Project.code == code)))
    registry.add_sealed_scope("project", lambda: select(Project.id).where(Project.opened_at.is_not(None)))
    # The deadlines too, from the first event that records them (an edit or an amendment).
    registry.watch(Project, Project.WATCHED_FIELDS + ("signup_deadline", "bid_deadline"))
    registry.watch(Bid, BID_FIELDS)
    registry.add_nav_group("trading", _("Tenders"), order=40)
    registry.add_nav("trading.projects", _("Projects"), order=10)
    registry.add_nav("trading.purchaser_projects", _("My projects"), roles=("purchaser",), order=20, group="trading")
    registry.add_nav("trading.new_project", _("Register a project"), roles=("purchaser",), order=25, group="trading")
    registry.add_nav("trading.my_bids", _("My bids"), roles=("bidder",), order=20, group="trading")
    registry.start_pages.update(purchaser="trading.purchaser_projects", bidder="trading.my_bids")
    registry.add_home_panel("trading/tender/_home_panel.html", views.home_panel, order=10)
    registry.add_panel("trading/tender/_registration_panel.html", views.registration_panel, order=20)
    registry.add_panel("trading/tender/_opening_panel.html", views.opening_panel, order=30)
    registry.add_seed_step(seed.seed_projects, order=60)
