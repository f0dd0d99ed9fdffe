"""Tender projects: registration (进场登记), publication, documents, questions, amendments, notices, sign-up,
sealed bids and the remote opening hall (不见面开标)."""
from flask_babel import lazy_gettext as _

from core.plugins import Plugin
from trading import (
    amendments, blind, calendar, challenges, contracts, deposits, documents, hall, notices, questions, tender,
)

FEATURES = (tender, documents, questions, amendments, notices, hall, blind, calendar, contracts, deposits, challenges)

# What the trail's actions and recorded fields are called on the pages (core.trail_browser).
ACTION_LABELS = {
    "bid_id": _("Bid"),
    "valid": _("Valid"),
    "invalid_reason": _("Reason for invalidity"),
    "receipt": _("Receipt"),
    "receipt_ok": _("Receipt matches"),
    "abnormally_low": _("Abnormally low price"),
    "credit_score": _("Credit score"),
    "sme": _("Small or micro enterprise"),
    "opened_at": _("Opened at"),
    "closed_reason": _("Why it ended"),
    "published_at": _("Published at"),
    "submitted_at": _("Submitted at"),
    "project_id": _("Project"),
    "document_id": _("Document"),
    "amendment_id": _("Amendment"),
    "bids": _("Bids"),
    "violations": _("Found"),
    "blind_unreadable": _("Technical documents that could not be searched"),
    "bid.confirmed": _("Bid confirmed after an amendment"),
    "bid.document_read": _("Bid document read"),
    "bid.invalidated": _("Bid made invalid"),
    "bid.opened": _("Bid opened"),
    "bid.rechecked": _("Abnormally low price rechecked"),
    "bid.submitted": _("Bid sealed"),
    "bid.withdrawn": _("Bid withdrawn"),
    "blind_check.decided": _("Blind check decided"),
    "blind_check.found": _("Technical part names the bidder"),
    "document.added": _("Tender document added"),
    "document.downloaded": _("Tender document downloaded"),
    "hall.checked_in": _("Checked in to the opening"),
    "hall.objection_answered": _("Objection answered"),
    "hall.objection_raised": _("Objection raised"),
    "hall.record_confirmed": _("Opening record confirmed"),
    "project.amended": _("Amendment published"),
    "project.awarded": _("Project awarded"),
    "project.cancelled": _("Project cancelled"),
    "project.created": _("Project registered"),
    "project.evaluated": _("Project evaluated"),
    "project.failed": _("Tender failed"),
    "project.opened": _("Bids opened"),
    "project.published": _("Project published"),
    "project.returned": _("Project returned"),
    "project.submitted": _("Project submitted"),
    "project.updated": _("Project edited"),
    "question.answered": _("Question answered"),
    "question.asked": _("Question asked"),
    "signup.created": _("Signed up"),
}


def setup(app, registry):
    registry.add_labels(ACTION_LABELS)
    for feature in FEATURES:
        feature.register(app, registry)


plugin = Plugin("trading", setup)
