"""The verifiable expert draw (专家抽取): eligibility, the seeded draw, invitations, reserves and 补抽."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from sqlalchemy import select

    from core import CONCURRENT_CHANGE, register_blueprints
    from core.plugins import Setting
    from scoring.draw import api, views
    from scoring.draw.operations import NOTIFICATION_KINDS, follows_evaluation
    from trading.tender.models import Project

    # Two draws of one project at once: the loser changes nothing.
    registry.add_unique_constraint("uq_draw_project_round", "conflict", CONCURRENT_CHANGE)
    registry.add_unique_constraint("uq_panel_project_expert", "conflict", CONCURRENT_CHANGE)
    register_blueprints(app, web=[views.web], api=[api.api])
    # The place the draw form suggests until a round states one (e.g. the center's evaluation room); empty: none.
    registry.add_settings(app, EVALUATION_PLACE=Setting(""))
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    # The draw's record (members' ids, seed, eligible list) is revealed with the award (domain.md: Experts).
    registry.add_sealed_scope("panel", lambda: select(Project.id).where(Project.status == "awarded"))
    registry.add_nav("draw_web.assignments", _("My panels"), roles=("expert",), order=15)
    registry.start_pages["expert"] = "draw_web.assignments"
    registry.add_link("project", "evaluation_web.evaluation", _("Expert draw and evaluation"),
                      follows_evaluation, lambda project: {"project_id": project.id})
    registry.add_labels({
        # Panel statuses under their own codes ("accepted" is also an order status of the mall).
        "panel_invited": _("Invited"), "panel_accepted": _("Invitation accepted"), "panel_declined": _("Declined"),
        "panel_reserve": _("Reserve"), "reserve": _("Reserve"), "member": _("Panel member"),
        "panel_member": _("panel member"),
        "todo_respond": _("Answer the invitation"), "todo_score": _("Score the bids"),
        "todo_resubmit": _("Correct and resubmit"), "todo_done": _("Submitted"), "todo_closed": _("Closed"),
        "evaluation_tba": _("to be announced"),
    })
