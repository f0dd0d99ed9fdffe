"""Experts and evaluation: the expert pool, the draw and the three-in-one scoring."""
from flask_babel import lazy_gettext as _

from core.plugins import Plugin


def setup(app, registry):
    from core import register_blueprints
    from scoring import api, models, views  # noqa: F401  (models: the tables)
    from scoring.experts import create_expert_profile
    from scoring.seed import seed_experts

    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_user_profile("expert", create_expert_profile)
    registry.add_seed_step(seed_experts, order=65)
    registry.add_nav("scoring.experts", _("Expert pool"), roles=("admin", "supervisor"), order=65)
    registry.add_labels({"active": _("Active"), "suspended": _("Suspended")})


plugin = Plugin("scoring", setup)
