"""After the award: the contract's clocks (2 working days to publish, 30 days to sign, 30 days to pay), the 10%
supplement limit, payments within the total, and who may read and record what.

Dates are from chinesecalendar 1.11.0, checked by hand against the State Council's 2026 schedule: 2026-09-25 (Fri,
Mid-Autumn) and 2026-10-01..07 (National Day) are holidays; 2026-09-20 (Sun) and 2026-10-10 (Sat) are make-up
working days.

The projects are built with the clock at 2026-09-25 09:00 (local): the builder evaluates at that time and awards at
the end of the 3-day publicity, 2026-09-28 09:00 (Mon), so the award notice is dated 2026-09-28 and the contract is
due 30 days later, on 2026-10-28.
"""
import base64
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from audit.flags.models import RedFlag
from audit.flags.tasks import contract_clocks
from core.extensions import db
from core.models import User
from core.trail import verify_trail
from tests.conftest import error_of
from trading.contracts import operations as contracts
from trading.contracts.tasks import send_contract_reminders

pytestmark = pytest.mark.usefixtures("fast_passwords")
PDF = {"name": "合同.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 signed").decode()}
BUILT_AT = datetime(2026, 9, 25, 1, 0, tzinfo=timezone.utc)  # 09:00 in Beijing


def local(day, hour=10):
    """`hour` o'clock in Beijing on `day`, as UTC."""
    return datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def awarded(make, clock):
    """An awarded project (award 800,000.00 to the lowest bid), its owner and its contract awaiting signature."""
    def build():
        clock.set(BUILT_AT)
        owner = make.purchaser()
        project = make.project(purchaser=owner, status="awarded")
        return project, owner, project.contract
    return build


def flags(contract, code):
    return db.session.scalars(select(RedFlag).where(RedFlag.code == code, RedFlag.subject_id == contract.id,
                                                    RedFlag.subject_type == "contract")).all()


def sign(api, owner, project, signed_on, **extra):
    body = {"signed_on": signed_on.isoformat(), "amount": "800000.00", "document": PDF, **extra}
    return api.post(f"/api/v1/projects/{project.id}/contract", owner, json=body)


# -- The calendar rules, by hand ----------------------------------------------------------------------------------

@pytest.mark.parametrize("signed_on, due", [
    (date(2026, 12, 4), date(2026, 12, 8)),    # Fri → Mon 7 (1), Tue 8 (2): the weekend does not count
    (date(2026, 9, 24), date(2026, 9, 29)),    # Thu → Fri 25 holiday, weekend, Mon 28 (1), Tue 29 (2)
    (date(2026, 9, 30), date(2026, 10, 9)),    # Wed → Oct 1–7 holiday, Thu 8 (1), Fri 9 (2)
    (date(2026, 10, 8), date(2026, 10, 10)),   # Thu → Fri 9 (1), Sat 10, a make-up working day (2)
    (date(2026, 9, 18), date(2026, 9, 21)),    # Fri → Sat 19 no, Sun 20 make-up (1), Mon 21 (2)
])
def test_the_contract_notice_is_due_two_working_days_after_signing(app, signed_on, due):
    assert contracts.publish_due_on(signed_on) == (due, False)


def test_a_deadline_in_a_year_without_a_holiday_schedule_is_marked_estimated(app):
    # chinesecalendar 1.11.0 has no 2027: Mon 2027-03-08 → Tue 9 (1), Wed 10 (2), counted Monday to Friday.
    assert contracts.publish_due_on(date(2027, 3, 8)) == (date(2027, 3, 10), True)


def test_the_contract_is_due_30_days_after_the_award_notice(app, awarded):
    project, owner, contract = awarded()
    assert contract.status == "awaiting_signature"
    assert contract.awarded_at == local(date(2026, 9, 28), 9)
    assert contract.sign_due_on == date(2026, 10, 28)


# -- Recording the contract ----------------------------------------------------------------------------------------

def test_a_contract_recorded_on_the_second_working_day_is_on_time(api, awarded, clock):
    project, owner, contract = awarded()
    clock.set(local(date(2026, 10, 9), 17))
    response = sign(api, owner, project, date(2026, 9, 30), performance_bond="80000.00")
    assert response.status_code == 201, response.json
    assert response.json["publish_due_on"] == "2026-10-09" and response.json["published_late"] is False
    assert response.json["status"] == "signed" and response.json["performance_bond"] == "80000.00"
    notices = api.get(f"/api/v1/notices?type=contract&project_id={project.id}").json["items"]
    assert len(notices) == 1 and notices[0]["id"] == response.json["notice_id"]
    assert "HT-" in notices[0]["body"] and "¥800,000.00" in notices[0]["body"]
    assert flags(contract, "contract_published_late") == []


def test_a_contract_recorded_a_day_later_is_published_late_and_flagged(api, awarded, clock):
    project, owner, contract = awarded()
    clock.set(local(date(2026, 10, 10)))  # the make-up Saturday: a working day, but the third
    response = sign(api, owner, project, date(2026, 9, 30))
    assert response.json["published_late"] is True
    [flag] = flags(contract, "contract_published_late")
    assert flag.status == "open" and flag.detail["publish_due_on"] == "2026-10-09"
    assert flag.detail["recorded_on"] == "2026-10-10"


def test_the_contract_is_for_the_award_amount_with_a_bond_of_at_most_10_percent(api, awarded, clock):
    project, owner, contract = awarded()
    clock.set(local(date(2026, 10, 9)))
    assert error_of(sign(api, owner, project, date(2026, 9, 30), amount="799999.99")) == (422, "amount_not_award")
    assert error_of(sign(api, owner, project, date(2026, 9, 30), performance_bond="80000.01")) == (
        422, "performance_bond_over_limit")
    assert error_of(sign(api, owner, project, date(2026, 9, 27))) == (422, "validation_failed")  # before the award
    assert error_of(sign(api, owner, project, date(2026, 10, 10))) == (422, "validation_failed")  # in the future
    not_pdf = {"name": "合同.docx", "content_base64": base64.b64encode(b"PK\x03\x04").decode()}
    assert error_of(sign(api, owner, project, date(2026, 9, 30), document=not_pdf)) == (422, "bad_document")
    db.session.expire_all()
    assert contract.status == "awaiting_signature" and contract.files == []
    assert sign(api, owner, project, date(2026, 9, 30)).status_code == 201
    assert error_of(sign(api, owner, project, date(2026, 9, 30))) == (409, "contract_recorded")


def test_no_contract_30_days_after_the_award_notice_raises_contract_overdue(api, awarded, clock):
    project, owner, contract = awarded()
    clock.set(local(date(2026, 10, 28), 23))  # the last day
    contract_clocks()
    db.session.commit()
    assert flags(contract, "contract_overdue") == []
    clock.set(local(date(2026, 10, 29), 9))  # one day after
    contract_clocks()
    db.session.commit()
    [flag] = flags(contract, "contract_overdue")
    assert flag.status == "open" and flag.detail["sign_due_on"] == "2026-10-28"
    assert sign(api, owner, project, date(2026, 10, 27)).status_code == 201
    db.session.refresh(flag)
    assert flag.status == "resolved"


def test_the_parties_are_reminded_the_day_before_the_contract_is_due_once(app, awarded, clock):
    from core.notifications import Notification

    project, owner, contract = awarded()
    clock.set(local(date(2026, 10, 27), 9))
    assert send_contract_reminders() == 1
    db.session.commit()
    assert send_contract_reminders() == 0
    sent = db.session.scalars(select(Notification).where(Notification.kind == "contracts.sign_due")).all()
    winners = db.session.scalars(select(User.id).where(User.organization_id == contract.supplier_id)).all()
    assert sorted(n.user_id for n in sent) == sorted([owner.id, *winners])


# -- Supplements and payments --------------------------------------------------------------------------------------

@pytest.fixture
def signed(api, awarded, clock):
    project, owner, contract = awarded()
    clock.set(local(date(2026, 10, 9)))
    assert sign(api, owner, project, date(2026, 9, 30)).status_code == 201
    db.session.expire_all()
    return project, owner, contract


def supplement(api, owner, contract, amount):
    return api.post(f"/api/v1/contracts/{contract.id}/supplements", owner, json={
        "signed_on": "2026-10-09", "amount": amount, "reason": "增加室外管网工程量", "document": PDF})


def test_supplements_add_at_most_10_percent_in_all(api, signed):
    project, owner, contract = signed  # 800,000.00: at most 80,000.00 in all
    assert supplement(api, owner, contract, "50000.00").status_code == 201
    refused = supplement(api, owner, contract, "30000.01")  # 80,000.01 in all: one cent over
    assert error_of(refused) == (422, "supplement_over_limit")
    assert "30000.00 remains" in refused.json["error"]["message"]
    assert supplement(api, owner, contract, "30000.00").status_code == 201  # exactly 10%
    assert error_of(supplement(api, owner, contract, "0.01")) == (422, "supplement_over_limit")
    body = api.get(f"/api/v1/contracts/{contract.id}", owner).json
    assert body["supplements_total"] == "80000.00" and body["total"] == "880000.00"
    assert [s["amount"] for s in body["supplements"]] == ["50000.00", "30000.00"]


def pay(api, owner, contract, amount, paid_on="2026-10-09"):
    return api.post(f"/api/v1/contracts/{contract.id}/payments", owner,
                    json={"paid_on": paid_on, "amount": amount, "reference": "GK20261009"})


def accept(api, owner, contract, rating="good", result="passed", accepted_on="2026-10-09"):
    return api.post(f"/api/v1/contracts/{contract.id}/acceptance", owner, json={
        "accepted_on": accepted_on, "result": result, "rating": rating, "reason": "按期保质完成", "document": PDF})


def test_payments_never_add_up_to_more_than_the_contract_and_its_supplements(api, signed):
    project, owner, contract = signed
    assert supplement(api, owner, contract, "20000.00").status_code == 201  # total 820,000.00
    assert pay(api, owner, contract, "500000.00").status_code == 201
    refused = pay(api, owner, contract, "320000.01")
    assert error_of(refused) == (422, "payment_over_total")
    assert pay(api, owner, contract, "320000.00").status_code == 201
    body = api.get(f"/api/v1/contracts/{contract.id}", owner).json
    assert (body["paid_total"], body["unpaid"], body["status"]) == ("820000.00", "0.00", "signed")
    assert accept(api, owner, contract).status_code == 201
    assert api.get(f"/api/v1/contracts/{contract.id}", owner).json["status"] == "paid"  # accepted and paid in full
    assert verify_trail()["ok"]


def test_payment_is_overdue_30_days_after_a_passed_acceptance(api, signed, clock):
    project, owner, contract = signed
    failed = accept(api, owner, contract, result="failed", rating="fair")
    assert failed.status_code == 201 and failed.json["result"] == "failed"
    assert api.get(f"/api/v1/contracts/{contract.id}", owner).json["status"] == "acceptance_failed"
    clock.set(local(date(2026, 10, 20)))
    assert accept(api, owner, contract, accepted_on="2026-10-20").status_code == 201
    body = api.get(f"/api/v1/contracts/{contract.id}", owner).json
    assert (body["status"], body["accepted_on"], body["payment_due_on"]) == ("accepted", "2026-10-20", "2026-11-19")
    clock.set(local(date(2026, 11, 19), 23))
    contract_clocks()
    db.session.commit()
    assert flags(contract, "payment_overdue") == []
    clock.set(local(date(2026, 11, 20)))
    contract_clocks()
    db.session.commit()
    [flag] = flags(contract, "payment_overdue")
    assert flag.detail["unpaid"] == "800000.00"
    assert pay(api, owner, contract, "800000.00", "2026-11-20").status_code == 201
    db.session.refresh(flag)
    assert flag.status == "resolved"
    assert api.get(f"/api/v1/contracts/{contract.id}", owner).json["status"] == "paid"


def test_site_inspections_are_for_construction_contracts(api, signed):
    project, owner, contract = signed  # the builder's project is construction
    response = api.post(f"/api/v1/contracts/{contract.id}/inspections", owner,
                        json={"inspected_on": "2026-10-09", "rating": "excellent", "reason": "文明施工"})
    assert response.status_code == 201 and response.json["kind"] == "inspection"
    assert response.json["credit_record_id"] is not None  # excellent: a bonus


# -- Who reads and records -----------------------------------------------------------------------------------------

def test_only_the_parties_the_center_and_the_supervisor_read_a_contract(api, make, signed):
    project, owner, contract = signed
    winner = db.session.scalars(select(User).where(User.organization_id == contract.supplier_id)).first()
    readers = {"owner": owner, "winner": winner, "admin": make.admin(), "supervisor": make.supervisor()}
    for name, user in readers.items():
        assert api.get(f"/api/v1/contracts/{contract.id}", user).status_code == 200, name
    for user in (make.purchaser(), make.bidder()):
        assert api.get(f"/api/v1/contracts/{contract.id}", user).status_code == 404
        assert api.get(f"/api/v1/projects/{project.id}/award-notice.pdf", user).status_code == 404
    assert api.get(f"/api/v1/contracts/{contract.id}").status_code == 401
    assert error_of(pay(api, readers["supervisor"], contract, "1.00"))[0] == 403
    assert error_of(pay(api, make.purchaser(), contract, "1.00"))[0] == 404
    assert error_of(pay(api, winner, contract, "1.00"))[0] == 403
    assert api.get("/api/v1/contracts", make.purchaser()).json["total"] == 0
    assert [c["id"] for c in api.get("/api/v1/contracts", winner).json["items"]] == [contract.id]
    assert api.get(f"/api/v1/projects/{project.id}/award-notice.pdf", winner).status_code == 200
