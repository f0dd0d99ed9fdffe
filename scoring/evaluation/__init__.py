"""Evaluation (三合一 scoring of the submitted sheets), candidates and their publicity, award with its
savings, the evaluation report, and the commands that let anyone check the draw and the result."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints, trail
    from scoring.evaluation import api, cli, views
    from scoring.evaluation.models import ProjectEvaluation
    from scoring.evaluation.seed import seed_evaluations

    register_blueprints(app, web=[views.web], api=[api.api])
    app.cli.add_command(cli.cli)
    trail.watch(ProjectEvaluation, ProjectEvaluation.WATCHED_FIELDS)
    registry.add_seed_step(seed_evaluations, order=80)
    registry.add_labels({"expert_score_deviation": _("Expert score deviation")})
