"""The indicators as last computed on the platform's own compiled releases."""
from core.extensions import db
from core.types import UTCDateTime


class IndicatorRun(db.Model):
    """One run of the indicators over the platform's own export: Cardinal's result object, and how many of the
    compiled releases carried each field the indicators read (an indicator whose fields we never publish cannot
    apply, and says so rather than reading as clean)."""

    __tablename__ = "indicator_run"

    id = db.Column(db.Integer, primary_key=True)
    computed_at = db.Column(UTCDateTime, nullable=False, index=True)
    processes = db.Column(db.Integer, nullable=False)
    result = db.Column(db.JSON, nullable=False)
    coverage = db.Column(db.JSON, nullable=False)
