"""Open data in OCDS 1.1: a release at each public event, valid against the official schema with the bids
extension, nothing sealed before its time (no bid, bidder or count before the opening, no quote before the close),
paginated by date for integrators, a record per process, and the whole export streamed by `flask ocds export`."""
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from core.extensions import db
from core.seed import seed_demo
from tests.conftest import error_of
from trading.tender.models import Bid

pytestmark = pytest.mark.usefixtures("fast_passwords")
SHARED = Path(__file__).resolve().parents[4] / "shared"
VALIDATOR = SHARED / "tools" / "validate_ocds.py"


def _releases(api, ocid=None, **query):
    body = api.get("/api/v1/ocds/releases?" + "&".join(f"{k}={v}" for k, v in query.items())).json
    return [r for r in body["releases"] if ocid is None or r["ocid"] == ocid]


def test_the_demo_export_is_valid_ocds_with_the_bids_extension(app, tmp_path):
    if not VALIDATOR.is_file():
        pytest.skip(f"the OCDS validator is not at {VALIDATOR} (../shared/tools/validate_ocds.py)")
    seed_demo()
    db.session.commit()
    runner = app.test_cli_runner()
    for option, kind in (([], "releases"), (["--compiled"], "compiled releases")):
        path = tmp_path / f"export{len(option)}.json"
        result = runner.invoke(args=["ocds", "export", str(path), *option])
        assert result.exit_code == 0 and f" {kind} written" in result.output, result.output
        package = json.loads(path.read_text(encoding="utf-8"))
        assert package["version"] == "1.1" and package["releases"]
        checked = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr[-3000:]
    compiled = package["releases"]
    assert len({r["ocid"] for r in compiled}) == len(compiled) and {r["tag"][0] for r in compiled} == {"compiled"}
    awarded = [r for r in compiled if r.get("awards") and r.get("bids")]
    assert awarded and all(r["ocid"].startswith("ocds-213czf-") for r in compiled)


def test_nothing_sealed_appears_before_the_opening(app, api, make, clock):
    purchaser = make.purchaser()
    project = make.project(purchaser=purchaser, status="published", bids=("900000.00", "910000.00"))
    text = json.dumps(_releases(api, f"ocds-213czf-{project.code}"), ensure_ascii=False)
    [tender] = _releases(api, f"ocds-213czf-{project.code}")
    assert tender["tag"] == ["tender"] and tender["tender"]["status"] == "active"
    assert "bids" not in tender and "numberOfTenderers" not in tender["tender"]
    assert [p["roles"] for p in tender["parties"]] == [["buyer"], ["procuringEntity"]]
    assert "900000" not in text and "910000" not in text and "tenderer" not in text
    bidders = [bid.organization for bid in db.session.scalars(select(Bid).where(Bid.project_id == project.id))]
    assert len(bidders) == 2 and not any(b.name in text or b.uscc in text for b in bidders)

    clock.set(project.bid_deadline)
    assert api.post(f"/api/v1/projects/{project.id}/open", make.admin()).status_code == 200
    tender, opening = _releases(api, f"ocds-213czf-{project.code}")
    assert opening["tag"] == ["tenderUpdate"] and opening["tender"]["numberOfTenderers"] == 2
    assert sorted(b["value"]["amount"] for b in opening["bids"]["details"]) == [900000.0, 910000.0]
    assert {b["status"] for b in opening["bids"]["details"]} == {"valid"}
    assert sum("tenderer" in p["roles"] for p in opening["parties"]) == 2
    assert "bids" not in tender  # the earlier release stays as it was published


def test_no_quote_appears_before_the_close(app, api, make, clock):
    competition = make.mall.competition(status="open", quotes=("480.00", "490.00", "500.00"))
    [tender] = _releases(api, f"ocds-213czf-{competition.code}")
    text = json.dumps(tender, ensure_ascii=False)
    assert tender["tender"]["procurementMethodDetails"] == "电子商城竞价" and "bids" not in tender
    assert "960" not in text and "tenderer" not in text and "numberOfTenderers" not in text


def test_an_awarded_tender_and_its_record(app, api, make):
    project = make.project(status="awarded")
    ocid = f"ocds-213czf-{project.code}"
    releases = _releases(api, ocid)
    # (The builder awards at the end of the publicity as its clock runs, which dates the award before the opening.)
    assert sorted(r["tag"][0] for r in releases) == ["award", "tender", "tenderUpdate"]
    award = next(r for r in releases if r["tag"] == ["award"])
    assert award["tender"]["status"] == "complete" and award["awards"][0]["status"] == "active"
    winner = award["awards"][0]["suppliers"][0]["id"]
    assert winner.startswith("CN-USCC-")
    assert "supplier" in next(p for p in award["parties"] if p["id"] == winner)["roles"]
    assert award["planning"]["budget"]["amount"]["currency"] == "CNY"
    record = api.get(f"/api/v1/ocds/records/{ocid}").json["records"][0]
    assert [r["id"] for r in record["releases"]] == [r["id"] for r in releases]
    assert record["compiledRelease"]["tag"] == ["compiled"]
    assert record["compiledRelease"]["id"] == f"{ocid}-compiled"
    assert error_of(api.get("/api/v1/ocds/records/ocds-213czf-NOPE")) == (404, "no_such_process")


def test_a_direct_order_is_a_process_with_its_contract_and_payment(app, api, make):
    order = make.order(status="archived")
    placed, paid, archived = _releases(api, f"ocds-213czf-{order.code}")
    assert placed["tag"] == ["award", "contract"] and placed["tender"]["procurementMethod"] == "direct"
    assert placed["contracts"][0]["status"] == "active" and "implementation" not in placed["contracts"][0]
    [payment] = paid["contracts"][0]["implementation"]["transactions"]
    assert payment["value"] == {"amount": float(order.total), "currency": "CNY"}
    assert archived["contracts"][0]["status"] == "terminated"
    item = placed["tender"]["items"][0]
    assert item["classification"]["scheme"] == "CN-GPC" and item["quantity"] == 1


def test_the_releases_are_paginated_by_date_and_since(app, api, make, clock):
    first = make.project(status="published")
    clock.advance(days=2)
    later = clock.current
    second = make.project(status="published")
    page = api.get("/api/v1/ocds/releases?per_page=1").json
    assert [r["ocid"] for r in page["releases"]] == [f"ocds-213czf-{first.code}"]
    following = api.get(page["links"]["next"].replace("http://localhost", "")).json
    assert [r["ocid"] for r in following["releases"]] == [f"ocds-213czf-{second.code}"]
    since = (later - timedelta(minutes=1)).isoformat().replace("+", "%2B")
    recent = api.get(f"/api/v1/ocds/releases?since={since}").json["releases"]
    assert [r["ocid"] for r in recent] == [f"ocds-213czf-{second.code}"]
    assert error_of(api.get("/api/v1/ocds/releases?since=yesterday"))[0] == 422


def test_the_ocid_prefix_is_the_publishers(app, api, make):
    app.config["OCDS_PREFIX"] = "ocds-abc123"
    project = make.project(status="published")
    assert [r["ocid"] for r in _releases(api)] == [f"ocds-abc123-{project.code}"]


def test_the_nightly_export_is_stored_and_anyone_downloads_it(app, make, tmp_path):
    from audit.opendata.tasks import publish_export

    client = app.test_client()
    page = client.get("/open-data").get_data(as_text=True)
    assert "今晚" in page and client.get("/open-data/ocds.json").status_code == 404
    project = make.project(status="published")
    publish_export()
    page = client.get("/open-data").get_data(as_text=True)
    response = client.get("/open-data/ocds.json")
    package = json.loads(response.data)
    assert [r["ocid"] for r in package["releases"]] == [f"ocds-213czf-{project.code}"]
    assert response.headers["ETag"].strip('"') in page and "开放数据" in page
    if VALIDATOR.is_file():
        path = tmp_path / "nightly.json"
        path.write_bytes(response.data)
        assert subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True).returncode == 0


def test_a_rebuild_adds_the_releases_of_the_events_before_open_data_and_nothing_twice(app, make):
    from audit.opendata.models import OcdsRelease

    make.project(status="opened", bids=("900000.00", "910000.00", "920000.00"))
    make.order(status="placed")
    before = {r.release_id: r.data for r in db.session.scalars(select(OcdsRelease))}
    db.session.execute(OcdsRelease.__table__.delete())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["ocds", "rebuild"])
    assert result.exit_code == 0 and f"{len(before)} releases added." in result.output
    after = {r.release_id: r.data for r in db.session.scalars(select(OcdsRelease))}
    for key in before:
        assert after[key] == before[key], (key, [k for k in before[key] if after[key].get(k) != before[key][k]])
    assert "0 releases added." in app.test_cli_runner().invoke(args=["ocds", "rebuild"]).output


def test_a_tenders_contract_its_supplement_and_payments_are_released(app, api, make, clock):
    import base64
    from datetime import datetime, timezone

    pdf = {"name": "合同.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 signed").decode()}
    clock.set(datetime(2026, 9, 25, 1, 0, tzinfo=timezone.utc))
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="awarded")
    contract = project.contract
    clock.set(datetime(2026, 10, 9, 2, 0, tzinfo=timezone.utc))
    assert api.post(f"/api/v1/projects/{project.id}/contract", owner,
                    json={"signed_on": "2026-09-30", "amount": "800000.00", "document": pdf}).status_code == 201
    assert api.post(f"/api/v1/contracts/{contract.id}/supplements", owner, json={
        "signed_on": "2026-10-09", "amount": "20000.00", "reason": "增项", "document": pdf}).status_code == 201
    assert api.post(f"/api/v1/contracts/{contract.id}/payments", owner, json={
        "paid_on": "2026-10-09", "amount": "300000.00", "reference": "GK1"}).status_code == 201
    releases = _releases(api, f"ocds-213czf-{project.code}")
    signed, amended, paid = (next(r for r in releases if r["tag"] == [tag])
                             for tag in ("contract", "contractAmendment", "implementation"))
    assert signed["contracts"][0]["value"]["amount"] == 800000.0 and "implementation" not in signed["contracts"][0]
    assert signed["contracts"][0]["dateSigned"] == "2026-09-30T00:00:00+08:00"
    assert amended["contracts"][0]["value"]["amount"] == 820000.0 and len(amended["contracts"][0]["amendments"]) == 1
    [payment] = paid["contracts"][0]["implementation"]["transactions"]
    assert payment["value"] == {"amount": 300000.0, "currency": "CNY"} and paid["contracts"][0]["status"] == "active"
    assert paid["tender"]["status"] == "complete"
