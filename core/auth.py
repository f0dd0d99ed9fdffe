"""Who is calling, and what their role lets them do: one place for access checks."""
from functools import wraps

from flask import abort, current_app, g, request
from flask_login import current_user

from core.errors import Forbidden, NotAuthenticated
from core.extensions import db, login_manager
from core.models import User


class SystemActor:
    """The platform itself acting (command line, scheduler, demo seed): never a web caller."""

    id = None
    username = "system"
    role = "system"
    organization_id = None
    label = "system"

    def has_role(self, *roles):
        return self.role in roles


SYSTEM = SystemActor()


def acts_as_center(user):
    """The trading center's staff, or the platform itself (command line, scheduler, seed)."""
    return user is not None and user.role in ("admin", "system")


def require(allowed, code="forbidden", message="Your role may not do this."):
    """Refuse (403) unless `allowed`: the object-level check every operation makes."""
    if not allowed:
        raise Forbidden(code, message)


@login_manager.user_loader
def load_user(user_id):
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


def login_rate_limit():
    """The limit on login, token and registration attempts per client address."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def api_user():
    """The bearer token's user for API calls, or None. API calls ignore the session cookie."""
    if "api_user" not in g:
        from core.accounts import user_for_token

        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.api_user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if header and g.api_user is None:
            raise NotAuthenticated("invalid_token", "The bearer token is invalid or has expired.")
    return g.api_user


def api_roles(*roles):
    """API endpoint for the given roles (deny by default)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = api_user()
            if user is None:
                raise NotAuthenticated("not_authenticated", "Send a bearer token (POST /api/v1/auth/tokens).")
            if user.role not in roles:
                raise Forbidden("forbidden", "Your role may not do this.")
            return view(*args, **kwargs)

        wrapped.roles = roles
        return wrapped

    return decorator


def page_user():
    return current_user if current_user.is_authenticated else None


def page_roles(*roles):
    """Page for the given roles: anonymous users go to the login page, others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.roles = roles
        return wrapped

    return decorator
