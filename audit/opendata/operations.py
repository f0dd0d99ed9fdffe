"""Open data (domain.md: Audit): the platform's procurement in the Open Contracting Data Standard 1.1, with the bids
extension.

A release is recorded at each public event of a process, as the process then stood (registry.on_event): a project's
publication, amendment, opening, failure, cancellation and award, and its contract's signing, supplements and
payments; a mall competition's creation and close; an order's placement, payment, archiving and cancellation (a
competition's order belongs to its competition's process). Each release is a whole snapshot, so the compiled release
of a process is its latest release; nothing is in a release before it is public: bids and tenderers from the
opening, quotes from the close, never an expert.
Organisations are identified by their unified social credit code (scheme CN-USCC); amounts are numbers in CNY.
No request, no commit.
"""
from datetime import datetime, time

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select

from audit.opendata.models import OcdsRelease
from core import clock
from core.extensions import db
from core.models import Event, Organization
from core.timeutil import isoformat, local_zone
from core.web import label
from mall.competitions.models import Competition, Quote
from mall.orders.models import Order
from trading.amendments.models import Amendment
from trading.contracts.models import Contract
from trading.documents.models import TenderDocument
from trading.tender.models import Bid, Project

VERSION = "1.1"
BIDS_EXTENSION = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
SCHEME = "CN-USCC"
CATALOGUE = "CN-GPC"  # 政府采购品目分类目录, the mall's category codes
PROCUREMENT_METHODS = {"open_tender": "open", "invited_tender": "selective", "competitive_negotiation": "limited",
                       "inquiry": "limited"}
MAIN_CATEGORIES = {"goods": "goods", "construction": "works", "services": "services"}
TENDER_STATUSES = {"published": "active", "opened": "active", "evaluated": "active", "awarded": "complete",
                   "failed": "unsuccessful", "cancelled": "cancelled"}
CONTRACT_STATUSES = {"placed": "active", "confirmed": "active", "shipped": "active", "accepted": "active",
                     "paid": "active", "archived": "terminated", "cancelled": "cancelled"}


def ocid(code):
    return f"{current_app.config['OCDS_PREFIX']}-{code}"


def _value(amount):
    return {"amount": float(amount), "currency": "CNY"}


def _date(moment):
    return isoformat(moment)


def party_id(organization):
    return f"{SCHEME}-{organization.uscc}"


class _Parties:
    """The parties of a release, each once, with every role it plays."""

    def __init__(self):
        self.parties = {}

    def add(self, organization, role):
        party = self.parties.setdefault(party_id(organization), {
            "id": party_id(organization), "name": organization.name,
            "identifier": {"scheme": SCHEME, "id": organization.uscc, "legalName": organization.name}, "roles": []})
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party["id"], "name": organization.name}

    def center(self):
        config = current_app.config
        party = self.parties.setdefault("center", {"id": f"{config['OCDS_PREFIX']}-center",
                                                   "name": config["CENTER_NAME"], "roles": ["procuringEntity"],
                                                   "address": {"streetAddress": config["CENTER_ADDRESS"]},
                                                   "contactPoint": {"telephone": config["CENTER_PHONE"]}})
        return {"id": party["id"], "name": party["name"]}

    def as_list(self):
        return list(self.parties.values())


def _release(process_ocid, event, tags, body, parties):
    return {"ocid": process_ocid, "id": f"{process_ocid}-{event.id}", "date": _date(event.created_at), "tag": tags,
            "initiationType": "tender", "language": "zh", "parties": parties.as_list(), **body}


# -- Projects (进场项目) ------------------------------------------------------------------------------------------

def _before(moment, as_of):
    return moment is not None and moment <= as_of


def _status(obj, event):
    """The status the event left (a rebuild reads it from the trail), else the object's own."""
    return (event.after or {}).get("status") or obj.status


def _documents(project, as_of):
    rows = db.session.execute(select(TenderDocument.id, TenderDocument.name, TenderDocument.uploaded_at)
                              .where(TenderDocument.project_id == project.id, TenderDocument.uploaded_at <= as_of)
                              .order_by(TenderDocument.id))
    return [{"id": str(row.id), "documentType": "biddingDocuments", "title": row.name,
             "datePublished": _date(max(row.uploaded_at, project.published_at))} for row in rows]


def _amendments(project, as_of):
    rows = db.session.scalars(select(Amendment).where(Amendment.project_id == project.id,
                                                      Amendment.published_at <= as_of).order_by(Amendment.id))
    return [{"id": str(a.id), "date": _date(a.published_at), "description": a.summary} for a in rows]


def _bids(project, parties):
    bids = db.session.scalars(select(Bid).where(Bid.project_id == project.id, Bid.status == "submitted")
                              .order_by(Bid.submitted_at, Bid.id)).all()
    details = []
    for bid in bids:
        tenderer = parties.add(bid.organization, "tenderer")
        details.append({"id": str(bid.id), "date": _date(bid.submitted_at), "tenderers": [tenderer],
                        "status": "valid" if bid.valid else "disqualified",
                        **({"value": _value(bid.price)} if bid.price is not None else {})})
    return details


def project_release(project, event, tags, status=None):
    """The project as public at `event` (as of `status`, else the status the event left): the tender from its
    publication; the bids from the opening; the award; the contract from its signing."""
    as_of, parties = event.created_at, _Parties()
    buyer = parties.add(project.purchaser, "buyer")
    center = parties.center()
    with force_locale("zh_CN"):
        method_details = label(project.method)
    tender = {
        "id": project.code, "title": project.title, "status": TENDER_STATUSES[status or _status(project, event)],
        "procuringEntity": center, "mainProcurementCategory": MAIN_CATEGORIES[project.category],
        "procurementMethod": PROCUREMENT_METHODS[project.method], "procurementMethodDetails": method_details,
        "value": _value(project.ceiling_price),
        "tenderPeriod": {"startDate": _date(project.published_at), "endDate": _date(project.bid_deadline)},
        "items": [{"id": "1", "description": project.title}],
        "documents": _documents(project, as_of), "amendments": _amendments(project, as_of),
    }
    if project.description:
        tender["description"] = project.description
    body = {"buyer": buyer, "planning": {"budget": {"amount": _value(project.budget)}}, "tender": tender}
    if _before(project.opened_at, as_of):
        body["bids"] = {"details": _bids(project, parties)}
        tender["numberOfTenderers"] = len({d["tenderers"][0]["id"] for d in body["bids"]["details"]})
    record = getattr(project, "evaluation_record", None)
    if record is not None and _before(record.awarded_at, as_of):
        winner = db.session.get(Bid, record.award_bid_id)
        body["awards"] = [{"id": f"{project.code}-1", "status": "active", "date": _date(record.awarded_at),
                           "value": _value(record.award_amount),
                           "suppliers": [parties.add(winner.organization, "supplier")]}]
    contract = getattr(project, "contract", None)
    if contract is not None and _before(contract.recorded_at, as_of):
        body["contracts"] = [_project_contract(contract, as_of, parties)]
    return _release(ocid(project.code), event, tags, body, parties)


def _day(day):
    """A date as the OCDS date-time: the local midnight."""
    return _date(datetime.combine(day, time(0), tzinfo=local_zone()))


def _project_contract(contract, as_of, parties):
    """The signed contract as public at `as_of`: its notice's document, supplements as amendments, payments as
    transactions."""
    supplements = [s for s in contract.supplements if s.recorded_at <= as_of]
    payments = [p for p in contract.payments if p.recorded_at <= as_of]
    paid_in_full = contract.status == "paid" and sum((p.amount for p in payments), 0) >= contract.total
    supplier = parties.add(contract.supplier, "supplier")
    data = {
        "id": contract.code, "awardID": f"{contract.project.code}-1",
        "status": "terminated" if paid_in_full else "active",
        "value": _value(contract.amount + sum((s.amount for s in supplements), 0)),
        "dateSigned": _day(contract.signed_on),
        "documents": [{"id": f"{contract.code}-notice", "documentType": "contractNotice", "title": "合同公告",
                       "datePublished": _date(contract.recorded_at)}],
    }
    if supplements:
        data["amendments"] = [{"id": str(s.id), "date": _date(s.recorded_at),
                               "description": f"补充合同 {s.amount}：{s.reason}"} for s in supplements]
    if payments:
        data["implementation"] = {"transactions": [{
            "id": f"{contract.code}-payment-{p.id}", "date": _day(p.paid_on), "value": _value(p.amount),
            "payer": {"id": party_id(contract.purchaser), "name": contract.purchaser.name}, "payee": supplier}
            for p in payments]}
    return data


# -- Mall competitions (竞价) and orders -------------------------------------------------------------------------

def _mall_tender(title, code, status, parties, items, extra):
    return {"id": code, "title": title, "status": status, "procuringEntity": parties.center(),
            "mainProcurementCategory": "goods", "items": items, **extra}


def competition_release(competition, event, tags, order=None):
    """The competition as public at `event`: open from its creation; its quotes and award from the close; the
    contract of its order."""
    parties = _Parties()
    buyer = parties.add(competition.purchaser, "buyer")
    closed = _before(competition.closed_at, event.created_at)
    status = {"awarded": "complete", "failed": "unsuccessful"}.get(competition.status, "active") if closed else "active"
    items = [{"id": "1", "description": competition.spec, "quantity": competition.quantity,
              "classification": {"scheme": CATALOGUE, "id": competition.category_code}}]
    tender = _mall_tender(competition.title, competition.code, status, parties, items, {
        "procurementMethod": "open", "procurementMethodDetails": "电子商城竞价",
        "value": _value(competition.budget_amount),
        "tenderPeriod": {"startDate": _date(competition.created_at), "endDate": _date(competition.closes_at)}})
    body = {"buyer": buyer, "tender": tender}
    if closed:
        quotes = db.session.scalars(select(Quote).where(Quote.competition_id == competition.id)
                                    .order_by(Quote.submitted_at, Quote.id)).all()
        organizations = {o.id: o for o in db.session.scalars(
            select(Organization).where(Organization.id.in_([q.organization_id for q in quotes])))}
        body["bids"] = {"details": [
            {"id": str(q.id), "date": _date(q.submitted_at), "status": "valid" if q.valid else "disqualified",
             "tenderers": [parties.add(organizations[q.organization_id], "tenderer")],
             **({"value": _value(q.total)} if q.total is not None else {})} for q in quotes]}
        tender["numberOfTenderers"] = len(quotes)
    if order is not None:  # its award and contract come with the order's events
        body.update(_award_and_contract(order, event, parties))
    return _release(ocid(competition.code), event, tags, body, parties)


def _award_and_contract(order, event, parties):
    supplier = parties.add(order.supplier, "supplier")
    status = _status(order, event)
    award_status = "cancelled" if status == "cancelled" else "active"
    contract = {"id": order.code, "awardID": f"{order.code}-award", "status": CONTRACT_STATUSES[status],
                "value": _value(order.total), "dateSigned": _date(order.placed_at)}
    if _before(order.paid_at, event.created_at):
        contract["implementation"] = {"transactions": [{
            "id": f"{order.code}-payment", "date": _date(order.paid_at), "value": _value(order.paid_amount),
            "payer": {"id": party_id(order.purchaser), "name": order.purchaser.name},
            "payee": supplier}]}
    items = [{"id": str(item.id), "description": item.name, "quantity": item.quantity,
              "classification": {"scheme": CATALOGUE, "id": item.category_code}} for item in order.items]
    return {"awards": [{"id": f"{order.code}-award", "status": award_status, "date": _date(order.placed_at),
                        "value": _value(order.total), "suppliers": [supplier], "items": items}],
            "contracts": [contract]}


def order_release(order, event, tags):
    """A direct order (直购) is a process of its own; a competition's order is the contract of its competition."""
    if order.competition_id is not None:
        return competition_release(db.session.get(Competition, order.competition_id), event, tags, order)
    parties = _Parties()
    buyer = parties.add(order.purchaser, "buyer")
    items = [{"id": str(item.id), "description": item.name, "quantity": item.quantity,
              "unit": {"name": item.unit or "", "value": _value(item.unit_price)},
              "classification": {"scheme": CATALOGUE, "id": item.category_code}} for item in order.items]
    tender = _mall_tender(f"电子商城直购 {order.code}", order.code,
                          "cancelled" if _status(order, event) == "cancelled" else "complete", parties, items,
                          {"procurementMethod": "direct", "procurementMethodDetails": "电子商城直购"})
    return _release(ocid(order.code), event, tags,
                    {"buyer": buyer, "tender": tender, **_award_and_contract(order, event, parties)}, parties)


# -- Recording them on the events ---------------------------------------------------------------------------------

def _record(release, event):
    db.session.add(OcdsRelease(ocid=release["ocid"], release_id=release["id"], date=event.created_at,
                               tag=release["tag"], data=release))


def _project(tags, public_only=False):
    def build(project, event):
        if public_only and project.published_at is None:  # a project cancelled before it was public
            return None
        return project_release(project, event, tags)
    return build


def _contract(tags):
    return lambda contract, event: project_release(contract.project, event, tags, status="awarded")


def _competition(tags):
    return lambda competition, event: competition_release(competition, event, tags)


def _order(tags):
    return lambda order, event: order_release(order, event, tags)


BUILDERS = {
    "project.published": _project(["tender"]),
    "project.amended": _project(["tenderAmendment"]),
    "project.opened": _project(["tenderUpdate"]),
    "project.failed": _project(["tenderUpdate"]),
    "project.cancelled": _project(["tenderUpdate"], public_only=True),
    "project.awarded": _project(["award"]),
    "contract.signed": _contract(["contract"]),
    "contract.supplemented": _contract(["contractAmendment"]),
    "contract.payment_added": _contract(["implementation"]),
    "contract.paid": _contract(["implementation"]),
    "competition.created": _competition(["tender"]),
    "competition.closed": _competition(["tenderUpdate"]),  # its award comes with its order
    "order.placed": _order(["award", "contract"]),
    "order.paid": _order(["contractUpdate"]),
    "order.archived": _order(["contractUpdate"]),
    "order.cancelled": _order(["awardUpdate", "contractUpdate"]),
}
MODELS = {"project": Project, "mall_competition": Competition, "mall_order": Order, "contract": Contract}


def _recorder(build):
    def handler(obj, event):
        release = build(obj, event)
        if release is not None:
            _record(release, event)
    return handler


EVENT_HANDLERS = {action: _recorder(build) for action, build in BUILDERS.items()}


def rebuild():
    """Record the releases of the public events the trail holds and no release has yet (those from before open
    data existed), each as of its event; returns how many were added."""
    recorded = set(db.session.scalars(select(OcdsRelease.release_id)))
    added = 0
    events = select(Event).where(Event.action.in_(list(BUILDERS))).order_by(Event.id)
    for event in db.session.scalars(events).all():
        release = BUILDERS[event.action](db.session.get(MODELS[event.object_type], event.object_id), event)
        if release is not None and release["id"] not in recorded:
            _record(release, event)
            added += 1
    db.session.flush()
    return added


# -- Reading them --------------------------------------------------------------------------------------------------

def package_head(uri):
    """What a release or record package says of itself; the caller adds its `releases` or `records`."""
    config = current_app.config
    policy = {"publicationPolicy": config["OCDS_PUBLICATION_POLICY"]} if config["OCDS_PUBLICATION_POLICY"] else {}
    return {"uri": uri, "version": VERSION, "publishedDate": _date(clock.now()),
            "publisher": {"name": config["CENTER_NAME"]}, "license": config["OCDS_LICENSE"], **policy,
            "extensions": [BIDS_EXTENSION]}


def releases_since(since=None):
    """Select statement of the releases from `since` on, oldest first (by date, then as recorded)."""
    stmt = select(OcdsRelease)
    if since is not None:
        stmt = stmt.where(OcdsRelease.date >= since)
    return stmt.order_by(OcdsRelease.date, OcdsRelease.id)


def compiled(release):
    """The compiled release of a process from its latest release (each release being a whole snapshot)."""
    return {**release, "id": f"{release['ocid']}-compiled", "tag": ["compiled"]}


def record(process_ocid):
    """(releases, compiled release) of a process, or None."""
    rows = db.session.scalars(select(OcdsRelease).where(OcdsRelease.ocid == process_ocid)
                              .order_by(OcdsRelease.date, OcdsRelease.id)).all()
    if not rows:
        return None
    return [row.data for row in rows], compiled(max(rows, key=lambda row: row.id).data)  # the last recorded


def compiled_releases(batch=500):
    """Every process's compiled release, one at a time (the export and the indicators read them streaming)."""
    latest = select(func.max(OcdsRelease.id).label("id")).group_by(OcdsRelease.ocid).subquery()
    stmt = select(OcdsRelease.data).join(latest, latest.c.id == OcdsRelease.id).order_by(OcdsRelease.ocid)
    for data in db.session.execute(stmt.execution_options(yield_per=batch)).scalars():
        yield compiled(data)


def all_releases(batch=500):
    for data in db.session.execute(select(OcdsRelease.data).order_by(OcdsRelease.date, OcdsRelease.id)
                                   .execution_options(yield_per=batch)).scalars():
        yield data
