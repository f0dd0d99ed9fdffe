"""The savings report's figures per day: what the supervisor's desk reads instead of every transaction."""
from core.extensions import db


class SavingsDay(db.Model):
    """The transactions of one purchasing unit on one local day in one channel, verified or not (domain.md:
    Audit): their count, budget, deal amount and savings. Kept in step with the transactions by the events that
    change them (audit.savings.operations.daily), rebuilt by `flask audit savings --rebuild`."""
    __tablename__ = "savings_day"

    day = db.Column(db.Date, primary_key=True)
    purchaser_id = db.Column(db.Integer, db.ForeignKey("organization.id"), primary_key=True)
    channel = db.Column(db.String(20), primary_key=True)
    verified = db.Column(db.Boolean, primary_key=True)
    count = db.Column(db.Integer, nullable=False)
    budget = db.Column(db.Numeric(18, 2), nullable=False)
    deal = db.Column(db.Numeric(18, 2), nullable=False)
    savings = db.Column(db.Numeric(18, 2), nullable=False)


class SavingsMonth(db.Model):
    """SavingsDay summed by month (`month` is its first day): a period of whole months is read from here, only
    its partial months at either end from the days."""
    __tablename__ = "savings_month"

    month = db.Column(db.Date, primary_key=True)
    purchaser_id = db.Column(db.Integer, db.ForeignKey("organization.id"), primary_key=True)
    channel = db.Column(db.String(20), primary_key=True)
    verified = db.Column(db.Boolean, primary_key=True)
    count = db.Column(db.Integer, nullable=False)
    budget = db.Column(db.Numeric(18, 2), nullable=False)
    deal = db.Column(db.Numeric(18, 2), nullable=False)
    savings = db.Column(db.Numeric(18, 2), nullable=False)
