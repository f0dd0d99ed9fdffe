"""Tender projects: registration (进场登记), publication, sign-up, sealed bids and opening."""
from flask_babel import lazy_gettext as _

from core.plugins import Plugin


def setup(app, registry):
    from core import register_blueprints
    from trading import api, integrity, seed, views
    from trading.labels import LABELS

    register_blueprints(app, web=[views.web], api=[api.api])
    from trading import hall_api, hall_views; register_blueprints(app, web=[hall_views.web], api=[hall_api.api])
    from trading import schedule; register_blueprints(app, web=[schedule.web])
    registry.add_nav("trading_schedule.calendar", _("Opening calendar"), order=12)
    registry.add_labels(LABELS)
    integrity.register()
    registry.add_nav("trading.projects", _("Projects"), order=10)
    registry.add_nav("trading.purchaser_projects", _("My projects"), roles=("purchaser",), order=20)
    registry.add_nav("trading.new_project", _("Register a project"), roles=("purchaser",), order=25)
    registry.add_nav("trading.my_bids", _("My bids"), roles=("bidder",), order=20)
    registry.start_pages.update(purchaser="trading.purchaser_projects", bidder="trading.my_bids")
    registry.add_home_panel("trading/_home_panel.html", views.home_panel, order=10)
    registry.add_panel("trading/_registration_panel.html", views.registration_panel, order=20)
    registry.add_panel("trading/_opening_panel.html", views.opening_panel, order=30)
    registry.add_seed_step(seed.seed_projects, order=60)
    from trading import documents_views, notices  # tender documents, questions, amendments, notices
    notices.setup(app, registry)
    documents_views.setup(app, registry)


plugin = Plugin("trading", setup)
