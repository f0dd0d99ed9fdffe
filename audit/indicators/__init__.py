"""Red-flag indicators over OCDS compiled releases: a Python port of the Open Contracting Partnership's Cardinal,
run on any publisher's data from the command line, and every night on the platform's own open data for the
supervisor's desk."""
from flask_babel import lazy_gettext as _

LABELS = {
    "R003": _("Short submission period"), "R018": _("Single bid received"), "R024": _("Price close to winning bid"),
    "R025": _("Excessive unsuccessful bids"), "R028": _("Identical bid prices"), "R030": _("Late bid won"),
    "R035": _("All except winning bid disqualified"), "R036": _("Lowest bid disqualified"),
    "R038": _("Excessive disqualified bids"), "R048": _("Heterogeneous supplier"),
    "R058": _("Heavily discounted bid"),
    "indicator.OCID": _("Process"), "indicator.Buyer": _("Buyer"), "indicator.ProcuringEntity": _("Procuring entity"),
    "indicator.Tenderer": _("Tenderer"), "audit.indicators": _("Indicators on the platform's open data"),
}


def register(app, registry):
    from celery.schedules import crontab

    from audit.indicators import models  # noqa: F401 (the model's table)
    from audit.indicators.cli import indicators_command
    from audit.indicators.tasks import run_indicators

    registry.add_labels(LABELS)
    app.cli.commands["audit"].add_command(indicators_command)
    registry.add_schedule("compute the indicators on our open data", run_indicators, crontab(hour=2, minute=30))
