"""HTTP security headers (Flask-Talisman) and the secrets the platform refuses to start without."""
import os

from flask_talisman import Talisman

from core.config import DEFAULT_SECRET_KEY

# Configuration keys that must hold a real secret outside development and tests.
REQUIRED_SECRETS = ("SECRET_KEY", "BID_MASTER_KEY", "TRAIL_SIGNING_KEY")
# Values that are only good enough for development.
DEVELOPMENT_VALUES = {"SECRET_KEY": DEFAULT_SECRET_KEY}

# No inline script or style anywhere: every page loads its CSS from /static. Bootstrap's CSS
# draws some controls (select arrows, check marks) with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class MissingSecret(RuntimeError):
    """The platform was started outside development without one of REQUIRED_SECRETS."""


def is_development(app):
    """Debug, tests, or a machine that says it is a development one."""
    return bool(app.debug or app.testing or os.environ.get("FLASK_DEBUG") == "1"
                or os.environ.get("PLATFORM_ENV") == "development")


def check_required_secrets(app):
    """Refuse to start outside development while a required secret is unset or a development value."""
    if is_development(app):
        return
    missing = [name for name in REQUIRED_SECRETS
               if not app.config.get(name) or app.config.get(name) == DEVELOPMENT_VALUES.get(name)]
    if missing:
        raise MissingSecret(
            f"Set {', '.join(missing)} in the environment: the platform does not start without "
            f"{'them' if len(missing) > 1 else 'it'} outside development "
            "(FLASK_DEBUG=1 or PLATFORM_ENV=development)."
        )


def init_security_headers(app):
    """Security headers on every response, the API's and the error pages' included."""
    config = app.config
    # One Talisman per application: it keeps its options on itself.
    app.extensions["talisman"] = Talisman(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        force_https=config["FORCE_HTTPS"],
        strict_transport_security=config["HSTS_SECONDS"] > 0,
        strict_transport_security_max_age=config["HSTS_SECONDS"],
        session_cookie_secure=config["SESSION_COOKIE_SECURE"],
        session_cookie_samesite=config["SESSION_COOKIE_SAMESITE"],
        session_cookie_http_only=True,
    )
