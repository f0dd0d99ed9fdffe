"""Labels of trading's codes: statuses, categories, methods, invalid reasons, field names."""
from flask_babel import lazy_gettext as _

LABELS = {
    "draft": _("Draft"), "submitted": _("Submitted"), "published": _("Published"), "opened": _("Opened"),
    "evaluated": _("Evaluated"), "awarded": _("Awarded"), "failed": _("Failed"), "cancelled": _("Cancelled"),
    "withdrawn": _("Withdrawn"), "project": _("project"),
    "construction": _("Construction"), "goods": _("Goods"), "services": _("Services"),
    "open_tender": _("Open tender"), "invited_tender": _("Invited tender"),
    "competitive_negotiation": _("Competitive negotiation"), "inquiry": _("Inquiry"),
    "lowest": _("Lowest price"), "average_deviation": _("Average deviation"),
    "over_ceiling_price": _("Above the ceiling price"), "receipt_mismatch": _("Receipt does not match"),
    "undecryptable": _("Cannot be decrypted"), "insufficient_valid_bids": _("Too few valid bids"),
    "budget": _("Budget"), "ceiling_price": _("Ceiling price"), "deposit": _("Bid deposit"),
    "signup_deadline": _("Sign-up deadline"), "bid_deadline": _("Bid deadline"),
    "evaluation.weights": _("Evaluation weights"), "evaluation.technical_criteria": _("Technical criteria"),
    "evaluation.panel_size": _("Panel size"), "evaluation.k": _("k (base price factor)"),
    "evaluation.up_deduction": _("Deduction above the base"),
    "evaluation.down_deduction": _("Deduction below the base"),
}
