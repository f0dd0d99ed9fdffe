"""Open data for anyone: the OCDS releases by date and a process's record."""
from flask import Blueprint, request, url_for

from audit.opendata import operations as ocds
from audit.opendata.schemas import RecordPackageOut, ReleasePackageOut, ReleasesQuery
from core.errors import NotFound
from core.extensions import db
from core.openapi import doc
from core.schemas import load_args

api = Blueprint("ocds_api", __name__, url_prefix="/api/v1")


@api.get("/ocds/releases")
@doc("The OCDS 1.1 releases (with the bids extension) of every public event, oldest first, as a release package; "
     "?since= for integrators keeping up; `links.next` is the following page", response=ReleasePackageOut,
     query=ReleasesQuery, optional_auth=True)
def releases():
    args = load_args(ReleasesQuery())
    page = db.paginate(ocds.releases_since(args["since"]), page=args["page"], per_page=args["per_page"],
                       error_out=False, count=False)
    body = ocds.package_head(request.url) | {"releases": [row.data for row in page.items]}
    if len(page.items) == args["per_page"]:
        query = {"page": args["page"] + 1, "per_page": args["per_page"]}
        if args["since"] is not None:
            query["since"] = request.args["since"]
        body["links"] = {"next": url_for("ocds_api.releases", _external=True, **query)}
    return body


@api.get("/ocds/records/<path:ocid>")
@doc("A process's OCDS record: its releases and its compiled release, as a record package",
     response=RecordPackageOut, optional_auth=True)
def record(ocid):
    found = ocds.record(ocid)
    if found is None:
        raise NotFound("no_such_process", "No process has the ocid %(ocid)s.", ocid=ocid)
    releases, compiled = found
    return ocds.package_head(request.url) | {
        "records": [{"ocid": ocid, "releases": releases, "compiledRelease": compiled}]}
