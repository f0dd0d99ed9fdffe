"""Deposits (domain.md: Deposits): sealed in the bid, read at the opening (a missing or short one makes the bid
invalid), checked by the center, released by the result, the contract's signing, the failure or cancellation, or
the withdrawal, and due back 5 working days later; a late refund owes principal × 5.22% × days late / 365.

Dates are from chinesecalendar 1.11.0, checked by hand against the State Council's 2026 schedule: 2026-09-25 (Fri,
Mid-Autumn) and 2026-10-01..07 (National Day) are holidays; 2026-09-20 (Sun) and 2026-10-10 (Sat) are make-up
working days.
"""
import base64
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from audit.flags.models import RedFlag
from audit.flags.tasks import deposit_clocks
from core.extensions import db
from core.models import User
from tests.conftest import error_of
from trading.deposits import operations as deposits
from trading.deposits.models import Deposit, late_interest
from trading.deposits.tasks import send_deposit_reminders
from trading.tender import operations as ops

pytestmark = pytest.mark.usefixtures("fast_passwords")
PDF = {"name": "合同.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 signed").decode()}
RATE = Decimal("0.0522")


def local(day, hour=10, minute=0):
    """`hour`:`minute` in Beijing on `day`, as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone(timedelta(hours=8))).astimezone(
        timezone.utc)


# Registered on 2026-09-01; bids until Thu 2026-09-24 09:30; the builder evaluates with the clock at Fri 09-25 09:00
# and awards at the end of the 3-day publicity, Mon 2026-09-28 09:00.
DEADLINES = {"signup_deadline": "2026-09-23T17:00:00+08:00", "bid_deadline": "2026-09-24T09:30:00+08:00",
             "deposit": "20000.00"}


def by_bidder(project):
    return {d.bid_id: d for d in db.session.scalars(select(Deposit).where(Deposit.project_id == project.id))}


@pytest.fixture
def built(make, clock):
    """A project registered on 2026-09-01 (the clock stays there), or awarded: opened at its deadline, its deposits
    confirmed, scored and evaluated on Fri 09-25 09:00 and awarded on Mon 09-28 09:00 (the clock back at 09-25)."""
    def build(status, bids=(), **overrides):
        clock.set(local(date(2026, 9, 1), 9))
        admin = make.admin()
        project = make.project(status="opened" if status == "awarded" else status, bids=bids, admin=admin,
                               **{**DEADLINES, **overrides})
        if status == "awarded":
            make.confirm_deposits(project, admin)
            clock.set(local(date(2026, 9, 25), 9))
            make.panel(project, admin).submit_all()
            make.evaluate(project, admin)
            make.award(project, admin)
        return project
    return build


# -- The numbers, by hand ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("principal, days, interest", [
    ("20000.00", 9, "25.74"),    # 20,000 × 0.0522 × 9 / 365 = 9,396 / 365 = 25.7424… → 25.74
    ("20000.00", 7, "20.02"),    # 7,308 / 365 = 20.0219… → 20.02
    ("50000.00", 1, "7.15"),     # 2,610 / 365 = 7.1506… → 7.15
    ("30000.00", 3, "12.87"),    # 4,698 / 365 = 12.8712… → 12.87
    ("20000.00", 0, "0.00"),
    ("10.00", 1, "0.00"),        # 0.522 / 365 = 0.0014… → 0.00
    ("35000.00", 1, "5.01"),     # 1,827 / 365 = 5.00548 → 5.01 (half up)
])
def test_a_late_refund_owes_interest_by_the_day(principal, days, interest):
    assert late_interest(Decimal(principal), RATE, days) == Decimal(interest)


@pytest.mark.parametrize("released, due", [
    (date(2026, 9, 28), date(2026, 10, 10)),  # Mon → Tue 29 (1), Wed 30 (2), Oct 1–7 holiday, Thu 8 (3), Fri 9 (4),
                                              # Sat 10, a make-up working day (5)
    (date(2026, 10, 9), date(2026, 10, 15)),  # Fri → Sat 10 make-up (1), Mon 12 (2), Tue 13 (3), Wed 14 (4), Thu 15 (5)
    (date(2026, 9, 18), date(2026, 9, 24)),   # Fri → Sun 20 make-up (1), Mon 21 (2), Tue 22 (3), Wed 23 (4), Thu 24 (5)
    (date(2026, 9, 24), date(2026, 10, 9)),   # Thu → Fri 25 Mid-Autumn, Mon 28 (1), Tue 29 (2), Wed 30 (3),
                                              # Oct 1–7 holiday, Thu 8 (4), Fri 9 (5)
])
def test_a_refund_falls_due_five_working_days_after_its_release(app, released, due):
    assert deposits.refund_due_on(released) == (due, False)


def test_a_due_date_in_a_year_without_a_holiday_schedule_is_marked_estimated(app):
    # chinesecalendar 1.11.0 has no 2027: Thu 2027-03-04 → Fri 5 (1), Mon 8 (2), Tue 9 (3), Wed 10 (4), Thu 11 (5).
    assert deposits.refund_due_on(date(2027, 3, 4)) == (date(2027, 3, 11), True)


# -- Sealed in the bid, read at the opening ------------------------------------------------------------------------

def test_nothing_about_deposits_is_known_before_the_opening(make, api, built, login):
    project = built("published", bids=("900000.00", "910000.00"))
    admin, supervisor = make.admin(), make.supervisor()
    assert db.session.scalar(select(Deposit.id)) is None
    for user in (admin, supervisor):
        assert api.get("/api/v1/deposits", user).json["items"] == []
        page = login(user).get(f"/projects/{project.id}/deposits")
        assert page.status_code == 200 and "20,000.00" in page.text and "<tbody>" not in page.text


def test_the_opening_reads_each_deposit_and_a_missing_or_short_one_makes_the_bid_invalid(make, built, clock):
    project = built("published")
    full, short, none, withdrawn = (make.bidder() for _ in range(4))
    make.bid(project, full, "900000.00")
    make.bid(project, short, "910000.00", deposit=make.deposit_record("19999.99"))
    make.bid(project, none, "920000.00", deposit=None)
    make.bid(project, withdrawn, "930000.00")
    ops.withdraw_bid(withdrawn, project.id)
    db.session.commit()
    open_at_deadline(make, clock, project)
    rows = {d.organization_id: d for d in by_bidder(project).values()}
    assert rows[full.organization_id].status == "declared" and rows[full.organization_id].amount == Decimal("20000.00")
    assert rows[short.organization_id].status == "missing"
    assert rows[none.organization_id].status == "missing" and rows[none.organization_id].method is None
    bids = {b.organization_id: b for b in ops.opening_record(project)}
    assert (bids[short.organization_id].valid, bids[short.organization_id].invalid_reason) == (False, "deposit_missing")
    assert bids[none.organization_id].invalid_reason == "deposit_missing"
    # One valid bid of three needed: the procurement failed, which releases every deposit owed, the withdrawn one
    # by its withdrawal; nothing is owed on a missing deposit.
    assert project.status == "failed"
    opened_on = date(2026, 9, 24)
    assert rows[full.organization_id].released_by == "failed"
    assert rows[withdrawn.organization_id].released_by == "withdrawn"
    assert rows[withdrawn.organization_id].refund_due_on == date(2026, 10, 9)  # see the parametrized dates above
    assert rows[full.organization_id].released_on == opened_on
    assert rows[short.organization_id].released_on is None


def open_at_deadline(make, clock, project):
    """The center opens the bids at the bid deadline (the clock back where it was); returns the center's user."""
    admin = make.admin()
    with clock_at(clock, project.bid_deadline):
        ops.open_bids(admin, project.id)
    db.session.commit()
    return admin


class clock_at:
    """The test clock at `moment` inside the block."""

    def __init__(self, clock, moment):
        self.clock, self.moment = clock, moment

    def __enter__(self):
        self.before = self.clock.current
        self.clock.set(self.moment)

    def __exit__(self, *exc):
        self.clock.set(self.before)


def test_the_bid_receipt_covers_the_deposit_record(make, built):
    project = built("published")
    bidder = make.bidder()
    first = make.bid(project, bidder, "900000.00").receipt
    other = make.deposit_record("20000.00", reference="BZJ-OTHER")
    second = make.bid(project, bidder, "900000.00", deposit=other).receipt
    assert first != second


# -- The center's check --------------------------------------------------------------------------------------------

def test_the_experts_are_drawn_once_every_valid_bid_s_deposit_is_checked(make, api, built, clock):
    project = built("published", bids=("900000.00", "910000.00", "920000.00"))
    admin = open_at_deadline(make, clock, project)
    make.experts(5, "A01")
    response = api.post(f"/api/v1/projects/{project.id}/experts/draw", admin, json={})
    assert error_of(response) == (409, "deposits_unchecked")
    assert "3" in response.json["error"]["message"]
    first, *others = sorted(by_bidder(project).values(), key=lambda d: d.id)
    response = api.post(f"/api/v1/projects/{project.id}/deposits/{first.bid_id}/check", admin,
                        json={"status": "confirmed", "note": "已到账"})
    assert response.status_code == 200 and response.json["check_status"] == "confirmed"
    assert error_of(api.post(f"/api/v1/projects/{project.id}/deposits/{first.bid_id}/check", admin,
                             json={"status": "missing"})) == (409, "deposit_checked")
    for deposit in others:
        assert api.post(f"/api/v1/projects/{project.id}/deposits/{deposit.bid_id}/check", admin,
                        json={"status": "confirmed"}).status_code == 200
    assert api.post(f"/api/v1/projects/{project.id}/experts/draw", admin, json={}).status_code == 201


def test_a_deposit_found_missing_makes_its_bid_invalid_and_can_fail_the_procurement(make, api, built, clock):
    project = built("published", bids=("900000.00", "910000.00", "920000.00"))
    admin = open_at_deadline(make, clock, project)
    deposit = sorted(by_bidder(project).values(), key=lambda d: d.id)[0]
    clock.set(local(date(2026, 9, 25), 9))
    response = api.post(f"/api/v1/projects/{project.id}/deposits/{deposit.bid_id}/check", admin,
                        json={"status": "missing", "note": "专户未见到账"})
    assert response.status_code == 200
    db.session.expire_all()
    assert (deposit.bid.valid, deposit.bid.invalid_reason) == (False, "deposit_missing")
    assert project.status == "failed"  # 2 valid bids left of the 3 needed
    # The failure releases the other two deposits, due 5 working days after Fri 09-25: Mon 28 (1), Tue 29 (2),
    # Wed 30 (3), Thu Oct 8 (4), Fri Oct 9 (5). The missing one is owed nothing.
    others = [d for d in by_bidder(project).values() if d.id != deposit.id]
    assert [(d.released_by, d.refund_due_on) for d in others] == [("failed", date(2026, 10, 9))] * 2
    assert deposit.refund_status(date(2026, 10, 9)) == "none"


def test_only_the_center_checks_and_refunds(make, api, built, clock):
    project = built("published", bids=("900000.00", "910000.00", "920000.00"))
    open_at_deadline(make, clock, project)
    deposit = next(iter(by_bidder(project).values()))
    depositor = db.session.scalars(select(User).where(User.organization_id == deposit.organization_id)).first()
    for user in (make.supervisor(), project.created_by, depositor, make.bidder()):
        assert api.post(f"/api/v1/projects/{project.id}/deposits/{deposit.bid_id}/check", user,
                        json={"status": "confirmed"}).status_code == 403
        assert api.post(f"/api/v1/deposits/{deposit.id}/refund", user,
                        json={"refunded_on": "2026-09-25", "reference": "x"}).status_code == 403


# -- Releases, refunds and interest --------------------------------------------------------------------------------

def test_the_award_releases_the_losers_and_the_contract_the_winner(make, api, built, clock):
    project = built("awarded", bids=("800000.00", "850000.00", "900000.00"))
    admin, owner = make.admin(), project.created_by
    rows = by_bidder(project)
    winner = rows[project.evaluation_record.award_bid_id]
    losers = [d for d in rows.values() if d is not winner]
    # Awarded Mon 09-28: due Sat 10-10, the make-up working day (see above).
    assert [(d.released_by, d.released_on, d.refund_due_on) for d in losers] == [
        ("result", date(2026, 9, 28), date(2026, 10, 10))] * 2
    assert (winner.released_on, winner.refund_due_on) == (None, None)
    assert winner.refund_status(date(2026, 12, 1)) == "pending"
    clock.set(local(date(2026, 10, 9), 16))
    assert api.post(f"/api/v1/projects/{project.id}/contract", owner, json={
        "signed_on": "2026-10-09", "amount": "800000.00", "document": PDF}).status_code == 201
    db.session.expire_all()
    assert (winner.released_by, winner.refund_due_on) == ("contract", date(2026, 10, 15))

    # One loser given back on its due date, the other on Mon 10-19, 9 days late: 20,000 × 0.0522 × 9 / 365 = 25.74.
    clock.set(local(date(2026, 10, 19), 16))
    on_time = api.post(f"/api/v1/deposits/{losers[0].id}/refund", admin,
                       json={"refunded_on": "2026-10-10", "reference": "TK001"})
    assert on_time.status_code == 200
    assert (on_time.json["status"], on_time.json["late_days"], on_time.json["interest"]) == ("refunded", 0, "0.00")
    late = api.post(f"/api/v1/deposits/{losers[1].id}/refund", admin,
                    json={"refunded_on": "2026-10-19", "reference": "TK002"}).json
    assert (late["late_days"], late["interest"], late["due_on"]) == (9, "25.74", "2026-10-10")
    assert error_of(api.post(f"/api/v1/deposits/{losers[1].id}/refund", admin,
                             json={"refunded_on": "2026-10-19", "reference": "TK002"})) == (409, "deposit_not_owed")
    # The winner's, still owed on 10-19: 4 days late so far (due 10-15), 20,000 × 0.0522 × 4 / 365 = 11.44.
    owed = api.get(f"/api/v1/deposits/{winner.id}", admin).json
    assert (owed["status"], owed["late_days"], owed["interest"]) == ("overdue", 4, "11.44")


def test_a_refund_is_refused_before_its_release_in_the_future_or_without_a_reference(make, api, built):
    project = built("awarded", bids=("800000.00", "850000.00", "900000.00"))
    admin = make.admin()
    rows = by_bidder(project)
    winner = rows[project.evaluation_record.award_bid_id]
    loser = next(d for d in rows.values() if d is not winner)
    assert error_of(api.post(f"/api/v1/deposits/{winner.id}/refund", admin,
                             json={"refunded_on": "2026-09-25", "reference": "TK"})) == (409, "deposit_not_released")
    future = api.post(f"/api/v1/deposits/{loser.id}/refund", admin, json={"refunded_on": "2026-09-26",
                                                                            "reference": "TK"})
    assert error_of(future) == (422, "validation_failed") and "refunded_on" in future.json["error"]["fields"]
    before = api.post(f"/api/v1/deposits/{loser.id}/refund", admin, json={"refunded_on": "2026-09-27",
                                                                            "reference": "TK"})
    assert before.status_code == 422  # the clock reads 09-25: a refund on 09-27 is in the future
    blank = api.post(f"/api/v1/deposits/{loser.id}/refund", admin, json={"refunded_on": "2026-09-25",
                                                                          "reference": "  "})
    assert blank.status_code == 422
    db.session.expire_all()
    assert loser.status == "confirmed" and loser.refunded_on is None


def test_a_cancellation_reads_the_deposit_records_alone_and_releases_them(make, api, built, clock):
    project = built("published", bids=("900000.00", "910000.00"))
    admin = make.admin()
    clock.set(local(date(2026, 9, 18), 11))
    ops.cancel_project(admin, project.id, "需求变更")
    db.session.commit()
    rows = list(by_bidder(project).values())
    # Released Fri 09-18: Sun 20 make-up (1), Mon 21 (2), Tue 22 (3), Wed 23 (4), Thu 24 (5).
    assert [(d.released_by, d.refund_due_on, d.amount) for d in rows] == [
        ("cancelled", date(2026, 9, 24), Decimal("20000.00"))] * 2
    # The bids themselves stay sealed: never opened, no price read.
    assert all(d.bid.price is None and d.bid.valid is None and d.bid.ciphertext for d in rows)


# -- Lists, flags, reminders ---------------------------------------------------------------------------------------

def test_each_bidder_lists_its_own_deposits_and_the_center_all(make, api, built):
    project = built("awarded", bids=("800000.00", "850000.00", "900000.00"))
    admin, supervisor = make.admin(), make.supervisor()
    rows = list(by_bidder(project).values())
    bidder_user = db.session.scalars(select(type(admin)).where(type(admin).organization_id == rows[0].organization_id)
                                     ).first()
    assert [d["id"] for d in api.get("/api/v1/deposits", bidder_user).json["items"]] == [rows[0].id]
    assert len(api.get("/api/v1/deposits", admin).json["items"]) == 3
    assert len(api.get(f"/api/v1/deposits?project_id={project.id}", supervisor).json["items"]) == 3
    assert api.get("/api/v1/deposits", project.created_by).status_code == 403
    assert api.get(f"/api/v1/deposits/{rows[1].id}", bidder_user).status_code == 404
    due = api.get("/api/v1/deposits?status=due", admin).json["items"]
    pending = api.get("/api/v1/deposits?status=pending", admin).json["items"]
    assert (len(due), len(pending)) == (2, 1)  # the losers due by 10-10, the winner's waiting for its contract
    assert due[0]["due_on"] == "2026-10-10" and due[0]["bidder"]["name"]


def test_an_overdue_refund_raises_the_flag_until_it_is_given_back_and_a_late_one_keeps_it(make, api, built, clock):
    project = built("awarded", bids=("800000.00", "850000.00", "900000.00"))
    admin = make.admin()
    rows = by_bidder(project)
    losers = [d for d in rows.values() if d.bid_id != project.evaluation_record.award_bid_id]

    def open_flags():
        return db.session.scalars(select(RedFlag.subject_id).where(
            RedFlag.code == "deposit_refund_overdue", RedFlag.status == "open").order_by(RedFlag.subject_id)).all()

    clock.set(local(date(2026, 10, 10), 23))  # the due date itself: not late
    deposit_clocks()
    db.session.commit()
    assert open_flags() == []
    clock.set(local(date(2026, 10, 11), 1))
    deposit_clocks()
    db.session.commit()
    assert open_flags() == sorted(d.id for d in losers)
    assert api.post(f"/api/v1/deposits/{losers[0].id}/refund", admin,
                    json={"refunded_on": "2026-10-11", "reference": "TK1"}).json["interest"] == "2.86"
    # 20,000 × 0.0522 × 1 / 365 = 2.8602… → 2.86: late by a day, the flag stays for the supervisor to see.
    assert open_flags() == sorted(d.id for d in losers)
    flag = db.session.scalar(select(RedFlag).where(RedFlag.subject_id == losers[0].id,
                                                   RedFlag.code == "deposit_refund_overdue"))
    assert flag.detail["late_days"] == 1 and flag.detail["interest"] == "2.86"


def test_the_center_is_reminded_the_day_before_refunds_fall_due_once(make, built, clock):
    from core.notifications import Notification

    built("awarded", bids=("800000.00", "850000.00", "900000.00"))
    admin = make.admin()
    clock.set(local(date(2026, 10, 8), 8))
    assert send_deposit_reminders() == 0  # due Sat 10-10: not tomorrow yet
    clock.set(local(date(2026, 10, 9), 8))
    assert send_deposit_reminders() == 1  # one project, two deposits
    db.session.commit()
    assert send_deposit_reminders() == 0
    sent = db.session.scalars(select(Notification).where(Notification.kind == "deposits.refund_due")).all()
    assert admin.id in [n.user_id for n in sent]


def test_deposit_events_are_in_the_trail(make, built):
    from core.trail import verify_trail

    built("awarded", bids=("800000.00", "850000.00", "900000.00"))
    assert verify_trail()["ok"]


def test_a_bid_sealed_before_bids_recorded_their_deposit_is_left_to_the_center_s_check(make, built, clock):
    """A bid sealed by the release before this one has no deposit in its content: it is not made invalid at the
    opening; its deposit is recorded at the amount asked, for the center to confirm or find missing."""
    from core import sealing
    from trading.tender.operations.bid_sealing import bid_content, receipt_for

    project = built("published", bids=("900000.00", "910000.00"))
    bidder = make.bidder()
    legacy = make.bid(project, bidder, "920000.00")
    content = bid_content(project, bidder.organization, Decimal("920000.00"), "技术方案", [])
    del content["deposit"]
    legacy.ciphertext = sealing.seal(project.sealed_key, {"content": content, "documents": []})
    legacy.receipt, legacy.deposit_ciphertext = receipt_for(content), None
    db.session.commit()
    open_at_deadline(make, clock, project)
    assert (legacy.valid, project.status) == (True, "opened")
    deposit = legacy.deposit
    assert (deposit.status, deposit.amount, deposit.method) == ("declared", Decimal("20000.00"), None)


def test_a_refund_is_in_the_trail(make, api, built, clock):
    from core.trail import verify_trail

    project = built("awarded", bids=("800000.00", "850000.00", "900000.00"))
    loser = next(d for d in by_bidder(project).values() if d.bid_id != project.evaluation_record.award_bid_id)
    clock.set(local(date(2026, 10, 12), 16))
    assert api.post(f"/api/v1/deposits/{loser.id}/refund", make.admin(),
                    json={"refunded_on": "2026-10-12", "reference": "TK1"}).json["late_days"] == 2
    assert verify_trail()["ok"]
