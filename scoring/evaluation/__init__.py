"""Evaluation (三合一 scoring of the submitted sheets), candidates and their publicity, award with its
savings, the evaluation report, and the commands that let anyone check the draw and the result."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import CONCURRENT_CHANGE, register_blueprints
    from core.plugins import Setting, int_setting
    from scoring.evaluation import api, cli, views
    from scoring.evaluation.models import ProjectEvaluation
    from scoring.evaluation.seed import seed_evaluations
    from scoring.evaluation.tasks import (
        EVALUATION_REPORT,
        RESULT_WORKBOOK,
        render_report,
        render_workbook,
        store_result_documents,
    )

    registry.add_unique_constraint("uq_project_evaluation_project_id", "conflict", CONCURRENT_CHANGE)
    # The candidates' publicity (公示) in days; an expert's total this far (a fraction) from the other experts'
    # mean raises a warning (畸高畸低).
    registry.add_settings(app, PUBLICITY_DAYS=int_setting(3), DEVIATION_THRESHOLD=Setting(0.30, float))
    register_blueprints(app, web=[views.web], api=[api.api])
    app.cli.add_command(cli.cli)
    registry.watch(ProjectEvaluation, ProjectEvaluation.WATCHED_FIELDS)
    registry.add_seed_step(seed_evaluations, order=80)
    registry.add_labels({"expert_score_deviation": _("Expert score deviation"), "evaluation": _("evaluation"),
                         "candidates": _("Candidates"),
                         EVALUATION_REPORT: _("Evaluation report"), RESULT_WORKBOOK: _("Evaluation result workbook")})
    registry.add_document(EVALUATION_REPORT, render_report, "application/pdf")
    registry.add_document(RESULT_WORKBOOK, render_workbook,
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    registry.on_event("evaluation.evaluated", store_result_documents)
    registry.on_event("evaluation.awarded", store_result_documents)
