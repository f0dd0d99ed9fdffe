"""Experts and evaluation: the expert pool, the draw and the three-in-one scoring."""
from flask_babel import lazy_gettext as _

from core.plugins import Plugin


def setup(app, registry):
    from core import register_blueprints
    from scoring import api, cli, draw, evaluation_api, evaluation_views, integrity, models, notifications, views  # noqa: F401
    from scoring.experts import create_expert_profile
    from scoring.seed import seed_experts
    from scoring.seed_evaluations import seed_evaluations

    register_blueprints(app, web=[views.web, evaluation_views.web], api=[api.api, evaluation_api.api])
    integrity.register()
    app.cli.add_command(cli.cli)
    registry.add_user_profile("expert", create_expert_profile)
    registry.add_seed_step(seed_experts, order=65)
    registry.add_seed_step(seed_evaluations, order=80)
    registry.add_nav("scoring.experts", _("Expert pool"), roles=("admin", "supervisor"), order=65)
    registry.add_nav("evaluation_web.assignments", _("My panels"), roles=("expert",), order=15)
    registry.start_pages["expert"] = "evaluation_web.assignments"
    registry.add_link("project", "evaluation_web.evaluation", _("Expert draw and evaluation"),
                      draw.follows_evaluation, lambda project: {"project_id": project.id})
    registry.add_labels({
        "active": _("Active"), "suspended": _("Suspended"),
        # Panel statuses under their own codes ("accepted" is also an order status of the mall).
        "panel_invited": _("Invited"), "panel_accepted": _("Invitation accepted"), "panel_declined": _("Declined"),
        "panel_reserve": _("Reserve"), "reserve": _("Reserve"),
        "member": _("Panel member"), "empty": _("Not started"), "returned": _("Returned for correction"),
        "todo_respond": _("Answer the invitation"), "todo_score": _("Score the bids"),
        "todo_resubmit": _("Correct and resubmit"), "todo_done": _("Submitted"), "todo_closed": _("Closed"),
        "scoring": _("Scoring"),
        "expert_score_deviation": _("Expert score deviation"),
    })


plugin = Plugin("scoring", setup)
