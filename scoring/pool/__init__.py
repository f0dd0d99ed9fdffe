"""The expert pool (专家库) managed by the center: profiles, specialties, conflicts, suspension, import."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints
    from scoring.pool import api, views
    from scoring.pool.operations import create_expert_profile
    from scoring.pool.seed import seed_experts

    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_user_profile("expert", create_expert_profile)
    registry.add_seed_step(seed_experts, order=65)
    registry.add_nav("scoring.experts", _("Expert pool"), roles=("admin", "supervisor"), order=65)
    registry.add_labels({"active": _("Active"), "suspended": _("Suspended")})
