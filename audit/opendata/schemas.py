"""Open data: the query of the release list and the OCDS packages as the API documents them."""
from marshmallow import Schema, fields

from core.schemas import LocalDateTime, PageArgs


class ReleasesQuery(PageArgs):
    since = LocalDateTime(load_default=None, metadata={
        "description": "only the releases dated from this moment on (ISO 8601; without offset: the center's time)"})


class _Package(Schema):
    uri = fields.String(required=True)
    version = fields.String(required=True)
    publishedDate = fields.String(required=True)
    publisher = fields.Dict(required=True)
    license = fields.String(required=True)
    publicationPolicy = fields.String()
    extensions = fields.List(fields.String(), required=True)


class ReleasePackageOut(_Package):
    releases = fields.List(fields.Dict(), required=True, metadata={"description": "OCDS 1.1 releases, oldest first"})
    links = fields.Dict(metadata={"description": "next: the following page, when there is one"})


class RecordPackageOut(_Package):
    records = fields.List(fields.Dict(), required=True,
                          metadata={"description": "one record: ocid, releases and compiledRelease"})
