"""Credit from performance ratings (履约评价, 两场联动): a poor rating deducts, an excellent one adds a capped bonus,
each for its months; the public credit API and page of an approved bidder."""
import os
from datetime import date, datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from core import accounts
from core.errors import ValidationFailed
from core.extensions import db
from core.models import CreditRecord, Event
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")

TODAY = date(2026, 12, 1)  # the test clock's date (tests.conftest.T0)
MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "migrations")


def on_local_day(*args):
    """9:00 on a day of the center's local time (Beijing)."""
    return datetime(*args, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(timezone.utc)


def rate(make, org, rating, on_date=TODAY, contract="HT-2026-0007"):
    """The purchaser's rating of `org` at a contract's acceptance, committed."""
    record = accounts.record_performance(make.purchaser(), org.id, rating, "验收意见", on_date, "contract",
                                         contract, "/contracts/7")
    db.session.commit()
    return record


@pytest.fixture
def supplier(make):
    """An approved bidder with no rating and no record: base 80."""
    return make.org("bidder")


def test_a_poor_rating_deducts_10_points_for_12_months(make, supplier, clock):
    record = rate(make, supplier, "poor")
    assert (record.kind, record.points, record.valid_from, record.expires_on) == (
        "deduction", Decimal(10), date(2026, 12, 1), date(2027, 12, 1))
    assert supplier.effective_credit_score() == 70  # 80 - 10
    clock.set(on_local_day(2027, 11, 30))
    assert supplier.effective_credit_score() == 70
    clock.set(on_local_day(2027, 12, 1))  # 12 months on: expired
    assert (supplier.active_deductions(), supplier.effective_credit_score()) == ([], 80)


def test_an_excellent_rating_adds_2_points_for_24_months(make, supplier, clock):
    record = rate(make, supplier, "excellent")
    assert (record.kind, record.points, record.expires_on) == ("bonus", Decimal(2), date(2028, 12, 1))
    assert supplier.effective_credit_score() == 82  # 80 + 2
    clock.set(on_local_day(2028, 11, 30))
    assert supplier.effective_credit_score() == 82
    clock.set(on_local_day(2028, 12, 1))  # 24 months on: the bonus is gone
    assert (supplier.active_bonuses(), supplier.effective_credit_score()) == ([], 80)


def test_active_bonuses_count_at_most_10_points(make, supplier):
    for n in range(6):
        rate(make, supplier, "excellent", contract=f"HT-2026-{n:04d}")
    assert len(supplier.active_bonuses()) == 6
    assert supplier.credit_bonus() == 10  # 6 x 2 = 12, capped at 10
    assert supplier.effective_credit_score() == 90  # 80 + 10, not 92


def test_bonuses_and_deductions_add_up_within_0_and_100(make):
    top = make.org("bidder", credit_grade="A")
    rate(make, top, "excellent")
    assert top.effective_credit_score() == 100  # A 100 + 2, clamped
    rate(make, top, "poor")
    assert top.effective_credit_score() == 92  # 100 + 2 - 10


def test_a_rating_counts_from_its_date(make, supplier):
    rate(make, supplier, "poor", on_date=date(2026, 12, 10))
    assert supplier.effective_credit_score() == 80  # not yet
    assert supplier.effective_credit_score(date(2026, 12, 10)) == 70


def test_good_and_fair_ratings_add_no_record(make, supplier):
    assert [rate(make, supplier, rating) for rating in ("good", "fair")] == [None, None]
    assert (supplier.credit_records, supplier.effective_credit_score()) == ([], 80)


def test_an_unknown_rating_or_a_missing_reason_is_refused(make, supplier):
    with pytest.raises(ValidationFailed) as refused:
        accounts.record_performance(make.purchaser(), supplier.id, "bad", "验收意见", TODAY, "contract", "HT-1")
    assert set(refused.value.fields) == {"rating"}
    with pytest.raises(ValidationFailed) as refused:
        accounts.record_performance(make.purchaser(), supplier.id, "poor", " ", TODAY, "contract", "HT-1")
    assert set(refused.value.fields) == {"reason"}
    assert supplier.credit_records == []


def test_a_rating_record_is_in_the_trail_with_its_source(make, supplier):
    record = rate(make, supplier, "poor")
    event = db.session.scalar(sa.select(Event).where(Event.chain_key == f"organization:{supplier.id}",
                                                     Event.action == "organization.credit_record_added"))
    assert event.after == {"record_id": record.id, "kind": "deduction", "points": "10", "reason": "验收意见",
                           "valid_from": "2026-12-01", "expires_on": "2027-12-01", "source_kind": "contract",
                           "source_ref": "HT-2026-0007"}
    assert record.created_by_id == event.actor_id


def test_a_center_record_is_a_deduction_from_the_center(api, make, supplier):
    r = api.post(f"/api/v1/organizations/{supplier.id}/credit/records", make.admin(),
                 json={"deduction": "2.50", "reason": "无正当理由放弃中标资格", "expires_on": "2027-06-01"})
    assert (r.status_code, r.json["kind"], r.json["points"], r.json["deduction"]) == (201, "deduction", "2.50", "2.50")
    record = db.session.get(CreditRecord, r.json["id"])
    assert (record.source, record.valid_from) == ({"kind": "center", "reference": None, "link": None}, None)
    assert supplier.effective_credit_score() == Decimal("77.50")


def test_the_public_credit_api_answers_anyone(api, make, supplier, clock):
    api.post(f"/api/v1/organizations/{supplier.id}/credit/records", make.admin(),
             json={"deduction": "2.50", "reason": "无正当理由放弃中标资格", "expires_on": "2027-06-01"})
    rate(make, supplier, "excellent")
    r = api.get(f"/api/v1/organizations/{supplier.id}/credit")  # no token
    assert r.status_code == 200, r.json
    center, bonus = db.session.scalars(sa.select(CreditRecord).order_by(CreditRecord.id)).all()
    assert r.json == {
        "organization": {"id": supplier.id, "name": supplier.name, "uscc": supplier.uscc},
        "score": 79.5, "base": 80, "bonus_cap": 10,  # 80 + 2 - 2.5
        "records": [  # newest first
            {"id": bonus.id, "kind": "bonus", "points": 2.0, "reason": "验收意见",
             "source": {"kind": "contract", "reference": "HT-2026-0007", "link": "/contracts/7"},
             "valid_from": "2026-12-01", "valid_until": "2028-12-01", "active": True},
            {"id": center.id, "kind": "deduction", "points": 2.5, "reason": "无正当理由放弃中标资格",
             "source": {"kind": "center", "reference": None, "link": None},
             "valid_from": None, "valid_until": "2027-06-01", "active": True},
        ],
    }
    clock.set(on_local_day(2027, 6, 1))
    r = api.get(f"/api/v1/organizations/{supplier.id}/credit")
    assert (r.json["score"], [record["active"] for record in r.json["records"]]) == (82.0, [True, False])


@pytest.mark.parametrize("which", ["pending", "rejected", "purchaser", "missing"])
def test_only_an_approved_bidder_has_a_public_credit_page(api, app, make, which):
    org_id = {"pending": lambda: make.org("bidder", status="pending").id,
              "rejected": lambda: make.org("bidder", status="rejected").id,
              "purchaser": lambda: make.org("purchaser").id,
              "missing": lambda: 999}[which]()
    assert error_of(api.get(f"/api/v1/organizations/{org_id}/credit")) == (404, "not_found")
    assert error_of(api.get(f"/api/v1/organizations/{org_id}/credit", make.admin())) == (404, "not_found")
    assert app.test_client().get(f"/organizations/{org_id}/credit").status_code == 404


def test_the_public_credit_page_shows_score_records_and_sources(app, make, supplier):
    accounts.add_credit_record(make.admin(), supplier.id, Decimal(5), "提供虚假业绩材料", date(2027, 6, 1))
    rate(make, supplier, "excellent")
    html = app.test_client().get(f"/organizations/{supplier.id}/credit").get_data(as_text=True)
    assert supplier.name in html and supplier.uscc in html
    assert ">77<" in html  # 80 + 2 - 5, in large type
    assert "+2" in html and "−5" in html and "提供虚假业绩材料" in html
    assert '<a href="/contracts/7">' in html and "HT-2026-0007" in html
    assert "交易中心" in html  # the center's record, its source in Chinese by default


def test_the_admin_organisation_page_links_to_the_public_credit_page(login, make, supplier):
    html = login(make.admin()).get(f"/admin/organizations/{supplier.id}").get_data(as_text=True)
    assert f'href="/organizations/{supplier.id}/credit"' in html


def migrate(action, revision=None):
    db.session.remove()
    db.engine.dispose()
    action(directory=MIGRATIONS, **({"revision": revision} if revision else {}))
    db.engine.dispose()


def test_the_migration_keeps_a_deduction_as_a_center_record(app):
    migrate(downgrade, "0020")
    with db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO organization (id, name, uscc, kind, status, created_at) "
                             "VALUES (1, '福建源泰水务工程有限公司', '91350100M000100Y43', 'bidder', 'approved', :t)"),
                     {"t": datetime(2026, 12, 1)})
        conn.execute(sa.text("INSERT INTO credit_record (organization_id, deduction, reason, expires_on, created_at) "
                             "VALUES (1, 5, '提供虚假业绩材料', :e, :t)"),
                     {"e": date(2027, 6, 1), "t": datetime(2026, 12, 1)})
    migrate(upgrade)
    record = db.session.scalar(sa.select(CreditRecord))
    assert (record.kind, record.points, record.source["kind"], record.valid_from) == ("deduction", 5, "center", None)
    assert record.organization.effective_credit_score() == 75
