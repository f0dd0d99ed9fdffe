"""Tender documents and their downloads (sealed like the sign-ups until the opening)."""
from core.extensions import db
from core.types import UTCDateTime

MIMETYPES = {
    ".pdf": "application/pdf", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".zip": "application/zip",
}


def extension_of(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


class TenderDocument(db.Model):
    __tablename__ = "tender_document"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    # Set for the documents an amendment published.
    amendment_id = db.Column(db.ForeignKey("amendment.id"), index=True)
    name = db.Column(db.String(200), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    content = db.deferred(db.Column(db.LargeBinary, nullable=False))  # read only to download
    uploaded_at = db.Column(UTCDateTime, nullable=False)
    uploaded_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)

    project = db.relationship("Project")

    @property
    def extension(self):
        return extension_of(self.name)

    @property
    def mimetype(self):
        return MIMETYPES.get(self.extension, "application/octet-stream")


class DocumentDownload(db.Model):
    """Who downloaded a tender document: sealed until opening, like the sign-ups."""

    __tablename__ = "document_download"

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.ForeignKey("tender_document.id"), nullable=False, index=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    organization_id = db.Column(db.ForeignKey("organization.id"))
    downloaded_at = db.Column(UTCDateTime, nullable=False)
