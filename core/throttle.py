"""Login throttling: only FAILED attempts count, per account and per client address, in one
budget shared by the login page and POST /api/v1/auth/tokens. Successful logins never count:
a trading hall puts dozens of experts behind one address.

The counters live in Flask-Limiter's storage (Redis when REDIS_URL is set, so every worker
shares them); RATELIMIT_ENABLED=False turns them off like every other limit."""
from flask import current_app
from limits import parse

from core import accounts
from core.errors import DomainError
from core.extensions import limiter


def _budgets(username, address):
    """(limit, keys) of the failure budgets this attempt draws on."""
    config = current_app.config
    return [
        (parse(config["LOGIN_ACCOUNT_LIMIT"]), ("login-failures-account", username.strip().casefold())),
        (parse(config["LOGIN_ADDRESS_LIMIT"]), ("login-failures-address", address or "unknown")),
    ]


def attempt_login(username, password, address):
    """The user for a right username and password, else None; a failure is counted against the
    account and the address. While either budget is spent, every attempt is refused (429)."""
    budgets = _budgets(username, address) if limiter.enabled else []
    if any(not limiter.limiter.test(limit, *keys) for limit, keys in budgets):
        raise DomainError("rate_limited", "Too many failed logins: wait a few minutes and try again.", http_status=429)
    user = accounts.authenticate(username, password)
    if user is None:
        for limit, keys in budgets:
            limiter.limiter.hit(limit, *keys)
    return user
