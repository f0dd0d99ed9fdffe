"""The platform's configuration from environment variables; each module declares its own settings with
their defaults (domain.md's (config) rules) through the registry (core.plugins.Registry.add_settings)."""
import os


def _int(name, default):
    return int(os.environ.get(name, default))


def _bool(name, default=False):
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


# The development SECRET_KEY: the platform refuses to start with it outside development (core.security).
DEFAULT_SECRET_KEY = "dev-secret-change-me"


class Config:
    """Read once at app creation; tests pass overrides to create_app()."""

    def __init__(self):
        self.SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
        # Fernet key that encrypts the per-project bid keys; derived from SECRET_KEY when unset (development
        # only: core.security requires it elsewhere).
        self.BID_MASTER_KEY = os.environ.get("BID_MASTER_KEY")
        # Ed25519 private key in PEM (PKCS#8) signing the trail's anchors; kept out of the database.
        # In debug and testing, when unset, a development key is derived from SECRET_KEY.
        self.TRAIL_SIGNING_KEY = os.environ.get("TRAIL_SIGNING_KEY")
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", "sqlite:///" + os.path.abspath("instance/platform.db")
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        # Background work (core.tasks): the Celery broker, default REDIS_URL; with neither, tasks run in process
        # right after the commit (the embedded default). TASKS_EAGER=1 runs them in process anyway.
        self.CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL")
        self.TASKS_EAGER = _bool("TASKS_EAGER")
        self.CELERY_QUEUE = os.environ.get("CELERY_QUEUE", "platform")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.RATELIMIT_STRATEGY = os.environ.get("RATELIMIT_STRATEGY", "moving-window")
        # Failed logins (page and API together; successful ones never count), and registrations.
        self.LOGIN_ACCOUNT_LIMIT = os.environ.get("LOGIN_ACCOUNT_LIMIT", "5 per 15 minutes")
        self.LOGIN_ADDRESS_LIMIT = os.environ.get("LOGIN_ADDRESS_LIMIT", "10 per minute")
        self.REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "10 per minute")
        # A page login unused this long ends (logging out ends it at once); 0: only logging out ends it.
        self.LOGIN_SESSION_HOURS = _int("LOGIN_SESSION_HOURS", 12)
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.FORCE_HTTPS = _bool("FORCE_HTTPS")
        self.HSTS_SECONDS = _int("HSTS_SECONDS", 0)  # 0: no Strict-Transport-Security header
        self.API_TOKEN_HOURS = _int("API_TOKEN_HOURS", 12)
        self.MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 20 * 1024 * 1024)
        self.BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "zh_CN")
        self.LANGUAGES = ["zh_CN", "en"]
        self.BABEL_TRANSLATION_DIRECTORIES = os.path.join(
            os.path.dirname(os.path.dirname(__file__)), "translations"
        )
        # The domain modules plugged into core (core.plugins), in order.
        self.PLATFORM_MODULES = [m.strip() for m in os.environ.get(
            "PLATFORM_MODULES", "trading,scoring,mall,audit").split(",") if m.strip()]
        # Organisations' credit (信用分) before any record (the modules declare their own settings: core.plugins).
        self.DEFAULT_CREDIT_SCORE = _int("DEFAULT_CREDIT_SCORE", 80)
        # A `poor` performance rating (履约评价, core.accounts.record_performance) deducts this many points,
        self.CREDIT_POOR_DEDUCTION = _int("CREDIT_POOR_DEDUCTION", 10)
        # counted for this many months from the rating.
        self.CREDIT_POOR_MONTHS = _int("CREDIT_POOR_MONTHS", 12)
        # An `excellent` rating adds this many bonus points,
        self.CREDIT_EXCELLENT_BONUS = _int("CREDIT_EXCELLENT_BONUS", 2)
        # counted for this many months from the rating.
        self.CREDIT_EXCELLENT_MONTHS = _int("CREDIT_EXCELLENT_MONTHS", 24)
        # The active bonuses count at most this many points in all.
        self.CREDIT_BONUS_CAP = _int("CREDIT_BONUS_CAP", 10)
        # External notification channels (e.g. "sms,email"): each gets an outbox row per notification.
        self.NOTIFICATION_CHANNELS = [c.strip() for c in os.environ.get("NOTIFICATION_CHANNELS", "").split(",") if c.strip()]
        self.NOTIFICATION_MAX_ATTEMPTS = _int("NOTIFICATION_MAX_ATTEMPTS", 3)
        # The sender of each channel, "channel=package.module:function,…": every process (web, worker) registers
        # them at start (core.notifications.register_sender does the same in code).
        self.NOTIFICATION_SENDERS = dict(item.strip().split("=", 1) for item in os.environ.get(
            "NOTIFICATION_SENDERS", "").split(",") if "=" in item)
        # The portal's name and footer (主办单位, contact, ICP line).
        self.SITE_NAME = os.environ.get("SITE_NAME", "某县公共资源交易平台")
        self.CENTER_NAME = os.environ.get("CENTER_NAME", "某县公共资源交易中心")
        self.CENTER_ADDRESS = os.environ.get("CENTER_ADDRESS", "某县行政服务中心三楼（城关镇人民路88号）")
        self.CENTER_PHONE = os.environ.get("CENTER_PHONE", "0591-22860001")
        self.ICP_LICENSE = os.environ.get("ICP_LICENSE", "闽ICP备00000000号-1")
        # Local time of the trading center: deadlines are entered and shown in it.
        self.TIMEZONE = os.environ.get("TIMEZONE", "Asia/Shanghai")
