"""The online mall: suppliers approved per category, the catalogue with search and price monitoring, budget
lines, direct orders and sealed price competitions (竞价)."""
from core.plugins import Plugin
from mall import budgets, catalogue, competitions, orders, suppliers

FEATURES = (suppliers, catalogue, budgets, orders, competitions)


def setup(app, registry):
    for feature in FEATURES:
        feature.register(app, registry)


plugin = Plugin("mall", setup)
