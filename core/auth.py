"""Who is calling, and what their role lets them do: one place for access checks."""
from functools import wraps

from flask import abort, current_app, g, request
from flask_login import current_user

from core.errors import Forbidden, NotAuthenticated
from core.extensions import login_manager


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


def oversees(user):
    """The center's staff (or the platform itself) or the supervisor: those who see every record."""
    return user is not None and user.role in ("admin", "system", "supervisor")


def is_party(user, obj):
    """Someone who oversees, or the owner of `obj` (a project, a competition: `obj.is_owned_by(user)`)."""
    return oversees(user) or (user is not None and obj.is_owned_by(user))


def is_bidder(user):
    """A bidder organisation's account (a mall supplier is one too)."""
    return user is not None and user.role == "bidder"


def is_supervisor(user):
    """The supervisor (财政/监管部门): reads everything, decides complaints and dismisses red flags."""
    return user is not None and user.role == "supervisor"


def is_purchaser(user):
    """A purchasing unit's account."""
    return user is not None and user.role == "purchaser"


def is_expert(user):
    """An evaluation expert of the pool."""
    return user is not None and user.role == "expert"


def has_organization_role(user):
    """A purchasing unit's or a bidder's account: one that acts for its own organisation."""
    return is_bidder(user) or is_purchaser(user)


def require(allowed, code="forbidden", message="Your role may not do this."):
    """Refuse (403) unless `allowed`: the object-level check every operation makes."""
    if not allowed:
        raise Forbidden(code, message)


@login_manager.user_loader
def load_user(session_token):
    """The page user of a live login session (the cookie keeps the session's token, see User.get_id)."""
    from core.sessions import user_for_session

    return user_for_session(session_token)


def registration_rate_limit():
    """The limit on registrations per client address (logins are throttled by core.throttle)."""
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def bearer_token():
    """The token of the Authorization header, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def open_to_rejected_applicants(view):
    """Mark an API endpoint a rejected applicant may still call (its own application, its account)."""
    view.open_to_rejected = True
    return view


def api_user():
    """The bearer token's user for API calls, or None. API calls ignore the session cookie.

    A user whose organisation's application was rejected may only call the endpoints marked
    open_to_rejected_applicants (403 application_rejected elsewhere); pending ones are not limited here."""
    if "api_user" not in g:
        from core.accounts import user_for_token

        token = bearer_token()
        g.api_user = user_for_token(token) if token else None
        if request.headers.get("Authorization") and g.api_user is None:
            raise NotAuthenticated("invalid_token", "The bearer token is invalid or has expired.")
    user = g.api_user
    if user is not None and user.application_rejected and not getattr(
            current_app.view_functions.get(request.endpoint), "open_to_rejected", False):
        raise Forbidden("application_rejected", "Your organisation's registration was rejected: "
                        "correct and resubmit it (PUT /api/v1/me/application).")
    return user


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
