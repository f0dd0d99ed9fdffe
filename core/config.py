"""Configuration from environment variables, with the domain defaults of domain.md."""
import os
from decimal import Decimal


def _int(name, default):
    return int(os.environ.get(name, default))


def _decimal(name, default):
    return Decimal(os.environ.get(name, default))


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
            "PLATFORM_MODULES", "trading,scoring,mall").split(",") if m.strip()]
        # Domain rules marked (config) in domain.md.
        self.MIN_BID_DAYS = _int("MIN_BID_DAYS", 20)
        # Negotiation and inquiry: working days on the PRC calendar (0: no minimum).
        self.MIN_RESPONSE_WORKING_DAYS = _int("MIN_RESPONSE_WORKING_DAYS", 3)
        # An amendment leaves at least this long before the bid deadline (postponing it when needed).
        self.CLARIFICATION_MIN_DAYS = _int("CLARIFICATION_MIN_DAYS", 15)
        self.CLARIFICATION_MIN_WORKING_DAYS = _int("CLARIFICATION_MIN_WORKING_DAYS", 3)
        # Tender documents: the largest file accepted.
        self.MAX_DOCUMENT_BYTES = _int("MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
        self.MIN_VALID_BIDS = _int("MIN_VALID_BIDS", 3)
        self.ABNORMALLY_LOW_RATIO = _decimal("ABNORMALLY_LOW_RATIO", "0.20")
        self.PUBLICITY_DAYS = _int("PUBLICITY_DAYS", 3)
        # An expert's total this far (a fraction) from the other experts' mean raises a warning (畸高畸低).
        self.DEVIATION_THRESHOLD = float(os.environ.get("DEVIATION_THRESHOLD", "0.30"))
        self.MALL_DIRECT_LIMIT = _decimal("MALL_DIRECT_LIMIT", "100000")
        # The mall's orders and competitions (mall.orders, mall.competitions).
        self.MALL_SPLIT_WINDOW_DAYS = _int("MALL_SPLIT_WINDOW_DAYS", 30)
        self.MALL_COMPETITION_LIMIT = _decimal("MALL_COMPETITION_LIMIT", "1000000")
        self.MIN_VALID_QUOTES = _int("MIN_VALID_QUOTES", 3)
        # A listed price this much above the lowest price of the same brand and model elsewhere is flagged.
        self.MALL_PRICE_OUTLIER_RATIO = _decimal("MALL_PRICE_OUTLIER_RATIO", "0.30")
        # Products unsold and unchanged for more days than this are delisted by `flask mall delist-stale`.
        self.MALL_STALE_DAYS = _int("MALL_STALE_DAYS", 180)
        self.MAX_DEPOSIT_RATIO = _decimal("MAX_DEPOSIT_RATIO", "0.02")
        self.DEFAULT_CREDIT_SCORE = _int("DEFAULT_CREDIT_SCORE", 80)
        self.LARGE_PROJECT_BUDGET = _decimal("LARGE_PROJECT_BUDGET", "10000000")
        # External notification channels (e.g. "sms,email"): each gets an outbox row per notification.
        self.NOTIFICATION_CHANNELS = [c.strip() for c in os.environ.get("NOTIFICATION_CHANNELS", "").split(",") if c.strip()]
        self.NOTIFICATION_MAX_ATTEMPTS = _int("NOTIFICATION_MAX_ATTEMPTS", 3)
        # The opening hall: bidders check in from this long before the bid deadline; they confirm the opening
        # record or object to it until this long after the opening.
        self.HALL_CHECKIN_MINUTES = _int("HALL_CHECKIN_MINUTES", 30)
        self.OBJECTION_WINDOW_MINUTES = _int("OBJECTION_WINDOW_MINUTES", 30)
        # The portal's name and footer (主办单位, contact, ICP line).
        self.SITE_NAME = os.environ.get("SITE_NAME", "某县公共资源交易平台")
        self.CENTER_NAME = os.environ.get("CENTER_NAME", "某县公共资源交易中心")
        self.CENTER_ADDRESS = os.environ.get("CENTER_ADDRESS", "某县行政服务中心三楼（城关镇人民路88号）")
        self.CENTER_PHONE = os.environ.get("CENTER_PHONE", "0591-22860001")
        self.ICP_LICENSE = os.environ.get("ICP_LICENSE", "闽ICP备00000000号-1")
        # Local time of the trading center: deadlines are entered and shown in it.
        self.TIMEZONE = os.environ.get("TIMEZONE", "Asia/Shanghai")
