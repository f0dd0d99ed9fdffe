"""The OCDS releases, recorded at each public event of a process."""
from core.extensions import db
from core.types import UTCDateTime


class OcdsRelease(db.Model):
    """One release: the process as public at one event (a whole snapshot, so its latest is its compiled release)."""

    __tablename__ = "ocds_release"
    __table_args__ = (db.Index("ix_ocds_release_date_id", "date", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    ocid = db.Column(db.String(80), nullable=False, index=True)
    release_id = db.Column(db.String(120), nullable=False, unique=True)
    date = db.Column(UTCDateTime, nullable=False)
    tag = db.Column(db.JSON, nullable=False)
    data = db.Column(db.JSON, nullable=False)
