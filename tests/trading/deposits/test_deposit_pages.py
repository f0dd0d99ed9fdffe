"""The deposit pages: the bid form's deposit record, the center's check on a project's deposits page, the refund
form, and each bidder's list with its due dates, in Chinese and in English."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import User
from trading.deposits.models import Deposit
from trading.tender import operations as ops

pytestmark = pytest.mark.usefixtures("fast_passwords")


def local(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone(timedelta(hours=8))).astimezone(timezone.utc)


@pytest.fixture
def published(make, clock):
    clock.set(local(date(2026, 9, 1), 9))
    return make.project(status="published", deposit="20000.00", signup_deadline="2026-09-23T17:00:00+08:00",
                        bid_deadline="2026-09-24T09:30:00+08:00")


def test_the_bidder_records_its_deposit_in_the_bid_form(make, login, published):
    bidder = make.bidder()
    client = login(bidder)
    assert client.post(f"/projects/{published.id}/signup").status_code == 302
    page = client.get(f"/projects/{published.id}/bid").get_data(as_text=True)
    assert "投标保证金为 ¥20,000.00" in page and 'value="20000.00"' in page  # the amount asked, filled in
    refused = client.post(f"/projects/{published.id}/bid", data={
        "price": "900000.00", "technical_proposal": "方案", "deposit_method": "guarantee",
        "deposit_amount": "20000.00", "deposit_reference": "BH-1", "deposit_issuer": ""})
    assert refused.status_code == 422 and "以保函形式缴纳时必填" in refused.get_data(as_text=True)
    done = client.post(f"/projects/{published.id}/bid", data={
        "price": "900000.00", "technical_proposal": "方案", "deposit_method": "guarantee",
        "deposit_amount": "20000.00", "deposit_reference": "BH-1", "deposit_issuer": "县融资担保公司"})
    assert done.status_code == 302
    # Sealed: nothing but the receipt is stored in the clear.
    assert db.session.scalar(select(Deposit.id)) is None
    english = client.get(f"/projects/{published.id}/bid?lang=en").get_data(as_text=True)
    assert "This project asks a deposit of ¥20,000.00" in english


def test_the_center_checks_deposits_and_gives_them_back_from_the_pages(make, login, published, clock):
    bidders = [make.bidder() for _ in range(3)]
    for number, bidder in enumerate(bidders):
        make.bid(published, bidder, f"90{number}000.00")
    admin = make.admin()
    clock.set(published.bid_deadline)
    ops.open_bids(admin, published.id)
    db.session.commit()
    center = login(admin)
    project_page = center.get(f"/projects/{published.id}").get_data(as_text=True)
    assert f"/projects/{published.id}/deposits" in project_page  # the project links to its deposits
    page = center.get(f"/projects/{published.id}/deposits").get_data(as_text=True)
    assert "已填报，待核验" in page and "银行转账" in page and "登记核验结果" in page
    deposits = db.session.scalars(select(Deposit).order_by(Deposit.id)).all()
    assert center.post(f"/projects/{published.id}/deposits/{deposits[0].bid_id}/check",
                       data={"status": "missing", "note": "专户未见到账"}).status_code == 302
    page = center.get(f"/projects/{published.id}/deposits").get_data(as_text=True)
    assert "未缴或不足" in page and "保证金未缴或不足" in page  # the check and the bid's invalidity
    again = center.post(f"/projects/{published.id}/deposits/{deposits[0].bid_id}/check", data={"status": "confirmed"})
    assert again.status_code == 422 and "该保证金已是“未缴或不足”状态" in again.get_data(as_text=True)
    # The failure (2 valid bids of 3) released the other two: due Fri 10-09 from Thu 09-24 (see test_deposits).
    released = deposits[1]
    clock.set(local(date(2026, 10, 12), 15))
    page = center.get(f"/deposits/{released.id}").get_data(as_text=True)
    assert "2026-10-09" in page and "流标公告" in page and "登记退还" in page
    future = center.post(f"/deposits/{released.id}/refund", data={"refunded_on": "2026-10-13", "reference": "TK1"})
    assert future.status_code == 422 and "不能晚于今天" in future.get_data(as_text=True)
    done = center.post(f"/deposits/{released.id}/refund", data={"refunded_on": "2026-10-12", "reference": "TK1"})
    assert done.status_code == 302
    page = center.get(f"/deposits/{released.id}").get_data(as_text=True)
    # 3 days late: 20,000 × 0.0522 × 3 / 365 = 8.5808… → ¥8.58.
    assert "已退还" in page and "¥8.58" in page and "TK1" in page
    listing = center.get("/deposits?status=overdue").get_data(as_text=True)
    assert deposits[2].organization.name in listing and released.organization.name not in listing


def test_each_bidder_sees_its_own_deposits_with_their_due_dates(make, login, published, clock):
    bidders = [make.bidder() for _ in range(3)]
    for number, bidder in enumerate(bidders):
        make.bid(published, bidder, f"90{number}000.00")
    ops.withdraw_bid(bidders[2], published.id)
    db.session.commit()
    clock.set(published.bid_deadline)
    ops.open_bids(make.admin(), published.id)
    db.session.commit()
    user = db.session.scalars(select(User).where(User.organization_id == bidders[2].organization_id)).first()
    client = login(user)
    page = client.get("/deposits").get_data(as_text=True)
    # Withdrawn: due 5 working days after the opening (Thu 09-24): Fri 10-09.
    assert "2026-10-09" in page and published.code in page and bidders[0].organization.name not in page
    assert "Due back by" in client.get("/deposits?lang=en").get_data(as_text=True)
    assert login(published.created_by).get("/deposits").status_code == 403
