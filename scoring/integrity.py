"""What the trail guards of the evaluation: the sheets and the award are reconciled with their chains."""
from core import trail
from scoring.models import ProjectEvaluation, ScoreSheet


def register():
    trail.watch(ScoreSheet, ScoreSheet.WATCHED_FIELDS)
    trail.watch(ProjectEvaluation, ProjectEvaluation.WATCHED_FIELDS)
