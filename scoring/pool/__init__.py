"""The expert pool (专家库) managed by the center: profiles, specialties, conflicts, suspension, import."""
from flask_babel import lazy_gettext as _

# The specialties (评标专业) the pool is organised by: their codes, as the center's pool import and the
# project registration use them, and their names, as every page shows them.
SPECIALTIES = {
    "A01": _("Building construction works"), "A02": _("Municipal public works"),
    "B01": _("Medical equipment"), "B02": _("Information technology"),
    "B03": _("Vehicles and general equipment"), "C01": _("Property and maintenance services"),
    "C02": _("Catering and food supply"),
}


def specialty_name(code):
    """A specialty's name, or its code when the catalogue has none."""
    return str(SPECIALTIES[code]) if code in SPECIALTIES else code


def register(app, registry):
    from core import CONCURRENT_CHANGE, register_blueprints
    from scoring.pool import api, views
    from scoring.pool.forms import PROFILE_FIELDS, profile_payload
    from scoring.pool.operations import create_expert_profile
    from scoring.pool.seed import seed_experts

    registry.add_unique_constraint("uq_expert_user_id", "conflict", CONCURRENT_CHANGE)
    registry.add_unique_constraint("uq_expert_conflict_expert_id", "duplicate_conflict",
                                   "This conflict of interest is already declared.")
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_user_profile("expert", create_expert_profile, PROFILE_FIELDS, profile_payload,
                              "scoring/pool/_user_profile.html")
    registry.add_seed_step(seed_experts, order=65)
    registry.add_nav("scoring.experts", _("Expert pool"), roles=("admin", "supervisor"), order=65,
                     group="administration")
    registry.add_labels({"active": _("Active"), "suspended": _("Suspended")})
    app.add_template_filter(specialty_name, "specialty")
