"""Refusals that leave a trace. An operation that refuses (raises a DomainError) changes nothing, yet a few
refusals must be kept (domain.md: a refused direct order places nothing, but its `split_order_suspected` flag is
kept, like a failed login's count). The operation calls `refused(kind, **facts)` before raising; once the
request has rolled back, `keep_refusals()` hands the facts to the handlers the modules registered
(`registry.on_refusal`), in a transaction of its own.
"""
from flask import current_app

from core.extensions import db
from core.plugins import registry_of

_PENDING = "refusals"


def refused(kind, **facts):
    """Note a refusal about to be raised (facts: plain values and Decimals)."""
    db.session.info.setdefault(_PENDING, []).append((kind, facts))


def keep_refusals():
    """Write the noted refusals in a transaction of their own (after the refused work was rolled back); a
    failure here is logged and never hides the refusal's own answer."""
    pending = db.session.info.pop(_PENDING, None)
    if not pending:
        return
    handlers = registry_of(current_app).refusal_handlers
    try:
        for kind, facts in pending:
            for handler in handlers.get(kind, ()):
                handler(facts)
        db.session.commit()
    except Exception:  # noqa: BLE001 - the refusal is answered all the same
        db.session.rollback()
        current_app.logger.exception("A refusal could not be kept: %s", [kind for kind, _ in pending])
