"""Experts and evaluation: the expert pool, the verifiable draw, blind score sheets and the three-in-one
scoring (scoring/engine.py), candidates, award and the evaluation report."""
from flask_babel import lazy_gettext as _

from core.plugins import Plugin
from scoring import draw, evaluation, pool, sheets

FEATURES = (pool, draw, sheets, evaluation)

# What the trail's actions and recorded fields are called on the pages (core.trail_browser).
ACTION_LABELS = {
    "members": _("Panel members (expert ids)"),
    "reserves": _("Reserves (expert ids)"),
    "round": _("Round"),
    "seed": _("Seed"),
    "seed_commitment": _("Seed commitment"),
    "eligible_ids": _("Eligible experts (ids)"),
    "bid_codes": _("Bid codes"),
    "award_bid_id": _("Winning bid"),
    "award_amount": _("Award amount"),
    "savings_rate": _("Savings rate"),
    "expert_id": _("Expert"),
    "scores": _("Scores"),
    "comments": _("Comments"),
    "evaluation.awarded": _("Award recorded"),
    "evaluation.evaluated": _("Evaluation published"),
    "evaluation.started": _("Evaluation started"),
    "expert.activated": _("Expert reinstated"),
    "expert.conflict_added": _("Conflict declared"),
    "expert.conflict_removed": _("Conflict removed"),
    "expert.suspended": _("Expert suspended"),
    "expert.updated": _("Expert edited"),
    "experts.draw_committed": _("Draw seed committed"),
    "experts.drawn": _("Experts drawn"),
    "panel.accepted": _("Invitation accepted"),
    "panel.declined": _("Invitation declined"),
    "panel.promoted": _("Reserve called"),
    "sheet.returned": _("Score sheet returned"),
    "sheet.saved": _("Score sheet saved"),
    "sheet.submitted": _("Score sheet submitted"),
}


def setup(app, registry):
    registry.add_labels(ACTION_LABELS)
    for feature in FEATURES:
        feature.register(app, registry)


plugin = Plugin("scoring", setup)
