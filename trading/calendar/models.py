"""The center's working-day calendar: a year's holidays and make-up working days (调休) as the State Council's
notice sets them, entered once a year; they override the `chinesecalendar` package for that year."""
from core.extensions import db
from core.hashing import canonical_hash
from core.types import UTCDateTime

DAY_KINDS = ("holiday", "workday")


class CalendarYear(db.Model):
    __tablename__ = "calendar_year"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False, unique=True)
    notice = db.Column(db.String(200), nullable=False)  # the State Council's notice, e.g. 国办发明电〔2026〕7号
    entered_at = db.Column(UTCDateTime, nullable=False)
    entered_by_id = db.Column(db.ForeignKey("user.id"))

    days = db.relationship("CalendarDay", order_by="CalendarDay.day", cascade="all, delete-orphan")

    WATCHED_FIELDS = ("year", "notice", "days_sha256")

    @property
    def days_sha256(self):
        """The fingerprint of the year's days, so the trail detects a day changed behind the platform's back."""
        return canonical_hash([[d.day.isoformat(), d.kind, d.name] for d in self.days])


class CalendarDay(db.Model):
    __tablename__ = "calendar_day"

    id = db.Column(db.Integer, primary_key=True)
    year_id = db.Column(db.ForeignKey("calendar_year.id"), nullable=False, index=True)
    day = db.Column(db.Date, nullable=False, unique=True)
    kind = db.Column(db.String(8), nullable=False)  # holiday | workday (a make-up working day on a weekend)
    name = db.Column(db.String(50), nullable=False)
