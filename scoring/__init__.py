"""Experts and evaluation: the expert pool, the draw and the three-in-one scoring."""
from core.plugins import Plugin


def setup(app, registry):
    from scoring import models  # noqa: F401  (the tables)
    from scoring.experts import create_expert_profile
    from scoring.seed import seed_experts

    registry.add_user_profile("expert", create_expert_profile)
    registry.add_seed_step(seed_experts, order=40)


plugin = Plugin("scoring", setup)
