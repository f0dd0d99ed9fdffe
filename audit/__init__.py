"""Audit: the red flags the platform raises on the other modules' events, the savings report and the
supervisor's desk built on them, and the Cardinal indicators over OCDS data."""
from audit import desk, flags, indicators, opendata, savings
from core.plugins import Plugin

FEATURES = (flags, savings, desk, indicators, opendata)


def setup(app, registry):
    from flask.cli import AppGroup

    app.cli.add_command(AppGroup("audit", help="Audit: red flags, the savings figures, the indicators."))
    for feature in FEATURES:
        feature.register(app, registry)


plugin = Plugin("audit", setup)
