"""Experts and evaluation: the expert pool, the verifiable draw, blind score sheets and the three-in-one
scoring (scoring/engine.py), candidates, award and the evaluation report."""
from core.plugins import Plugin
from scoring import draw, evaluation, pool, sheets

FEATURES = (pool, draw, sheets, evaluation)


def setup(app, registry):
    for feature in FEATURES:
        feature.register(app, registry)


plugin = Plugin("scoring", setup)
