"""Login sessions kept on the server and API token revocation: logging out, revoking a token or
changing the password ends them for good, whoever holds a copy of the cookie or token."""
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from core import clock
from core.extensions import db
from core.hashing import sha256_hex
from core.models import ApiToken, LoginSession, User

# last_seen_at is written at most this often, not on every page.
SEEN_RESOLUTION = timedelta(minutes=1)


def token_digest(token):
    """What is stored of a session or API token: its SHA-256."""
    return sha256_hex(token)


def _idle_since():
    """Sessions last seen at or before this moment have ended (None: LOGIN_SESSION_HOURS is 0, no limit)."""
    hours = current_app.config["LOGIN_SESSION_HOURS"]
    return clock.now() - timedelta(hours=hours) if hours else None


def start_session(user):
    """Open a page login session for `user` and return its token (the cookie keeps it).

    The user's sessions left idle past LOGIN_SESSION_HOURS are deleted on the way."""
    now, idle_since = clock.now(), _idle_since()
    if idle_since:
        db.session.execute(delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.last_seen_at <= idle_since))
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=token_digest(token), created_at=now, last_seen_at=now))
    db.session.flush()
    user.login_session_token = token
    return token


def user_for_session(token):
    """The active user of a live login session, or None (ended, idle too long, unknown).

    The user and its organization come in the same query: every page reads both (navigation, access)."""
    row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == token_digest(token))
                            .options(joinedload(LoginSession.user).joinedload(User.organization)))
    now, idle_since = clock.now(), _idle_since()
    if row is None or (idle_since and row.last_seen_at <= idle_since) or not row.user.is_active:
        return None
    if now - row.last_seen_at >= SEEN_RESOLUTION:
        row.last_seen_at = now
    row.user.login_session_token = token
    return row.user


def end_session(token):
    """Log out: the session's cookie, and every copy of it, stops working."""
    db.session.execute(delete(LoginSession).where(LoginSession.token_hash == token_digest(token)))


def revoke_token(token):
    """The API token stops working at once."""
    db.session.execute(delete(ApiToken).where(ApiToken.token_hash == token_digest(token)))


def end_all_sessions(user):
    """End every login session and revoke every API token of `user`; return how many of each."""
    sessions = db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id)).rowcount
    tokens = db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id)).rowcount
    return sessions, tokens
