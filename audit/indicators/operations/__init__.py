"""The indicators on the platform's own data: a run over its compiled releases (a scheduled task), kept with the
coverage of the fields each indicator reads, and read by the supervisor's desk with links to what they flag.
No request, no commit."""
from flask import url_for
from sqlalchemy import select

from audit.indicators.models import IndicatorRun
from audit.indicators.operations import engine
from audit.opendata import operations as ocds
from core import clock
from core.extensions import db
from core.models import Organization
from mall.competitions.models import Competition
from mall.orders.models import Order
from trading.tender.models import Project

# The fields each indicator reads (paths in a compiled release; a list is looked into): an indicator applies to
# our data only if every one of them appears in at least one of our compiled releases.
FIELDS = {
    "R003": (("tender", "tenderPeriod", "startDate"), ("tender", "tenderPeriod", "endDate")),
    "R018": (("tender", "numberOfTenderers"), ("tender", "procurementMethod")),
    "R024": (("bids", "details", "value", "amount"), ("awards", "suppliers", "id")),
    "R025": (("bids", "details", "tenderers", "id"), ("awards", "suppliers", "id")),
    "R028": (("bids", "details", "value", "amount"), ("bids", "details", "tenderers", "id")),
    "R030": (("bids", "details", "date"), ("tender", "tenderPeriod", "endDate"), ("awards", "suppliers", "id")),
    "R035": (("bids", "details", "status"), ("awards", "suppliers", "id")),
    "R036": (("bids", "details", "status"), ("bids", "details", "value", "amount"), ("awards", "status")),
    "R038": (("bids", "details", "status"), ("buyer", "id"), ("tender", "procuringEntity", "id")),
    "R048": (("awards", "items", "classification", "id"), ("awards", "suppliers", "id")),
    "R058": (("bids", "details", "value", "amount"), ("awards", "suppliers", "id")),
}
PATHS = sorted({path for paths in FIELDS.values() for path in paths})
ALL = "".join(f"[{code}]\n" for code in engine.CODES)


def _has(value, path):
    if not path:
        return value is not None
    if isinstance(value, list):
        return any(_has(item, path) for item in value)
    return isinstance(value, dict) and _has(value.get(path[0]), path[1:])


def run():
    """Compute every indicator over the platform's compiled releases, with each field's coverage; kept as a run."""
    coverage = {"/".join(path): 0 for path in PATHS}
    count = 0

    def counted(releases):
        nonlocal count
        for release in releases:
            count += 1
            for path in PATHS:
                if _has(release, path):
                    coverage["/".join(path)] += 1
            yield release

    result = engine.compute(counted(ocds.compiled_releases()), engine.parse_settings(ALL), meta=True)
    run = IndicatorRun(computed_at=clock.now(), processes=count, result=result, coverage=coverage)
    db.session.add(run)
    db.session.flush()
    return run


def latest_run():
    return db.session.scalars(select(IndicatorRun).order_by(IndicatorRun.id.desc()).limit(1)).first()


def _missing(run, code):
    return ["/".join(path) for path in FIELDS[code] if not run.coverage.get("/".join(path))]


def desk_rows(run):
    """Per indicator: (code, the fields we never publish that it needs, [(group, label, url, value)]); links to the
    flagged processes and organisations."""
    if run is None:
        return []
    found = {code: [] for code in engine.CODES}
    for group, subjects in run.result.items():
        if group == "Meta":
            continue
        for identifier, values in subjects.items():
            for code, value in values.items():
                found[code].append((group, identifier, value))
    links = _links(run.result)
    return [(code, _missing(run, code),
             [(group, *links.get((group, identifier), (identifier, None)), value)
              for group, identifier, value in sorted(found[code])]) for code in engine.CODES]


def _links(result):
    """(group, identifier) -> (label, url) of the processes (by ocid) and organisations (by party id) flagged."""
    prefix = ocds.ocid("")
    codes = {ocid[len(prefix):]: ocid for ocid in result.get("OCID", {}) if ocid.startswith(prefix)}
    links = {}
    for model, endpoint, arg in ((Project, "trading.project", "project_id"),
                                 (Order, "mall_orders.order", "order_id"),
                                 (Competition, "mall_competitions.competition", "competition_id")):
        for row in db.session.execute(select(model.id, model.code).where(model.code.in_(list(codes)))):
            links[("OCID", codes[row.code])] = (row.code, url_for(endpoint, **{arg: row.id}))
    parties = {}  # USCC -> the (group, identifier) it is flagged under (a buyer may be a tenderer elsewhere)
    for group in ("Buyer", "ProcuringEntity", "Tenderer"):
        for identifier in result.get(group, {}):
            if identifier.startswith(f"{ocds.SCHEME}-"):
                parties.setdefault(identifier[len(ocds.SCHEME) + 1:], []).append((group, identifier))
    for organization in db.session.scalars(select(Organization).where(Organization.uscc.in_(list(parties)))):
        for key in parties[organization.uscc]:
            links[key] = (organization.name, url_for("core.organization", org_id=organization.id))
    return links
