"""Red flags (domain.md: Audit): each raised on a constructed case and not on its near miss (hand-computed
thresholds), resolved by the event that ends it, dismissed by the supervisor, and rebuilt to the same result."""
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from audit.flags import operations as flags
from audit.flags.models import RedFlag
from audit.flags.operations import rules
from core import clock, trail
from core.extensions import db
from core.models import Event
from tests.conftest import error_of
from trading.blind import operations as blind
from trading.tender import operations as ops

pytestmark = pytest.mark.usefixtures("fast_passwords")


def _flags(code=None):
    stmt = select(RedFlag).order_by(RedFlag.id)
    if code:
        stmt = stmt.where(RedFlag.code == code)
    return db.session.scalars(stmt).all()


def _codes():
    return sorted(f.code for f in _flags() if f.status == "open")


def _opened(make, prices, admin=None, purchaser=None, bidders=None):
    """A project opened with bids at `prices` (from `bidders` or new ones)."""
    admin = admin or make.admin()
    project = make.project(status="published", admin=admin, purchaser=purchaser)
    bidders = bidders or [make.bidder() for _ in prices]
    for bidder, price in zip(bidders, prices):
        make.bid(project, bidder, price, "施工方案")
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(admin, project.id)
    db.session.commit()
    return project, admin


def _awarded(make, prices, **kwargs):
    project, admin = _opened(make, prices, **kwargs)
    make.panel(project, admin).submit_all()
    make.evaluate(project, admin)
    make.award(project, admin)
    return project, admin


# -- At the opening ---------------------------------------------------------------------------------------------

def test_identical_prices_are_flagged_with_the_bids_that_share_them(make):
    project, _ = _opened(make, ["900000.00", "900000.00", "850000.00"])
    flag, = _flags("identical_bid_prices")
    same = sorted(b.id for b in ops.opening_record(project) if b.price == Decimal("900000.00"))
    assert (flag.severity, flag.subject_key, flag.project_id) == ("high", f"project:{project.id}", project.id)
    assert flag.detail == {"groups": [{"price": "900000.00", "bid_ids": same}]}


def test_a_cent_apart_is_no_identical_price(make):
    _opened(make, ["900000.00", "900000.01", "850000.00"])
    assert _flags("identical_bid_prices") == []


def test_prices_within_one_percent_of_the_lowest_are_a_cluster(make):
    # (909,000 − 900,000) / 900,000 = 1.00% exactly: within 1%.
    _opened(make, ["900000.00", "905000.00", "909000.00"])
    flag, = _flags("bid_price_cluster")
    assert flag.detail == {"valid_bids": 3, "lowest": "900000.00", "highest": "909000.00", "spread": "0.0100"}


def test_a_spread_just_above_one_percent_is_no_cluster(make):
    # (909,000.01 − 900,000) / 900,000 = 1.0000011%: above 1%.
    _opened(make, ["900000.00", "905000.00", "909000.01"])
    assert _flags("bid_price_cluster") == []


def test_too_few_valid_bids_fail_the_tender_and_one_alone_is_a_single_valid_bid(make):
    _opened(make, ["900000.00"])
    assert _codes() == ["failed_tender", "single_valid_bid"]
    failed, = _flags("failed_tender")
    assert failed.detail == {"reason": "insufficient_valid_bids", "valid_bids": 1}
    assert _flags("single_valid_bid")[0].detail["price"] == "900000.00"


def test_two_valid_bids_fail_the_tender_without_a_single_valid_bid(make):
    _opened(make, ["900000.00", "800000.00"])
    assert _codes() == ["failed_tender"]


def test_a_tender_opened_with_spread_prices_raises_nothing(make):
    _opened(make, ["900000.00", "850000.00", "800000.00"])
    assert _flags() == []


# -- At the award ----------------------------------------------------------------------------------------------

def test_an_award_at_99_percent_of_the_ceiling_is_near_it(make):
    # 940,500 / 950,000 = 0.99 exactly.
    _awarded(make, ["940500.00", "948000.00", "949500.00"])
    flag, = _flags("price_near_ceiling")
    assert flag.detail == {"amount": "940500.00", "ceiling_price": "950000.00", "ratio": "0.9900"}
    assert flag.severity == "low"


def test_an_award_a_cent_below_99_percent_is_not(make):
    # 940,499.99 / 950,000 = 0.98999999 (shown rounded as 0.9900, yet below the threshold).
    _awarded(make, ["940499.99", "948000.00", "949500.00"])
    assert _flags("price_near_ceiling") == []


def test_an_award_above_the_budget_is_flagged_by_its_rule(make):
    project, _ = _awarded(make, ["900000.00", "850000.00", "800000.00"])
    assert rules.award_findings(project)[("award_above_budget", f"project:{project.id}")] is None
    project.budget = Decimal("799999.99")  # the rule, on a budget one cent under the award (not committed)
    finding = rules.award_findings(project)[("award_above_budget", f"project:{project.id}")]
    assert finding.detail == {"amount": "800000.00", "budget": "799999.99", "excess": "0.01"}
    db.session.rollback()


def test_one_supplier_winning_three_of_four_awards_of_a_unit_is_a_repeat_winner(make):
    purchaser, admin, winner = make.purchaser(), make.admin(), make.bidder()
    for _ in range(3):
        _awarded(make, ["800000.00", "850000.00", "900000.00"], purchaser=purchaser, admin=admin,
                 bidders=[winner, make.bidder(), make.bidder()])
    assert _flags("repeat_winner") == []  # 3 of 3: fewer than 4 awards
    _awarded(make, ["800000.00", "850000.00", "900000.00"], purchaser=purchaser, admin=admin)
    flag, = _flags("repeat_winner")
    year = rules.award_year(flag_project_record(purchaser))
    assert flag.subject_key == f"repeat_winner:{purchaser.organization_id}:{year}:{winner.organization_id}"
    assert flag.detail == {"supplier": winner.organization.name, "year": year, "wins": 3, "awards": 4}


def test_two_of_four_awards_is_no_repeat_winner(make):
    purchaser, admin, winner = make.purchaser(), make.admin(), make.bidder()
    for mine in (True, True, False, False):
        _awarded(make, ["800000.00", "850000.00", "900000.00"], purchaser=purchaser, admin=admin,
                 bidders=[winner if mine else make.bidder(), make.bidder(), make.bidder()])
    assert _flags("repeat_winner") == []


def flag_project_record(purchaser):
    from scoring.evaluation.models import ProjectEvaluation
    from trading.tender.models import Project

    return db.session.scalars(select(ProjectEvaluation).join(Project).where(
        Project.purchaser_id == purchaser.organization_id)).first()


# -- Blind check and mall ----------------------------------------------------------------------------------------

def test_a_blind_violation_is_flagged_until_the_center_decides(make):
    project = make.project(status="published")
    admin = make.admin()
    named = make.bidder(name="江城路桥建设有限公司")
    make.bid(project, named, "900000.00", "江城路桥建设承诺工期90天")
    for price in ("850000.00", "880000.00", "870000.00"):
        make.bid(project, make.bidder(), price, "施工方案")
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(admin, project.id)
    db.session.commit()
    flag, = _flags("blind_violation")
    assert (flag.status, flag.severity, flag.detail["bidder"]) == ("open", "high", "江城路桥建设有限公司")
    blind.decide(admin, project.id, flag.detail["bid_id"], confirm=True)
    db.session.commit()
    assert flag.status == "resolved"


@pytest.mark.parametrize("price, flagged", [("1.00", True), ("1.50", False)])
def test_a_direct_order_saving_more_than_half_its_reference_total_is_flagged(make, mall, price, flagged):
    # Reference 3.00: at 1.00 the order saves 2.00 / 3.00 = 66.67%; at 1.50, 1.50 / 3.00 = 50% exactly.
    supplier = mall.supplier("A020101")
    product = mall.offer(supplier, price, "3.00", category="A020101")
    order = mall.order(supplier=supplier, product=product)
    found = _flags("mall_reference_inflated")
    if not flagged:
        assert found == []
        return
    assert [(f.subject_key, f.purchaser_id) for f in found] == [(f"mall_order:{order.id}", order.purchaser_id)]
    assert found[0].detail == {"code": order.code, "total": "1.00", "reference_total": "3.00", "savings": "2.00",
                               "savings_rate": "0.6667"}


def test_a_price_more_than_30_percent_above_the_same_model_elsewhere_is_flagged_until_it_comes_down(make, mall):
    from mall.catalogue import operations as catalogue

    a, b = mall.supplier(), mall.supplier()
    mall.product(a, price="100.00", reference_price="200.00")
    at_limit = mall.product(b, price="130.00", reference_price="200.00")  # 30.00 / 100.00 = 30% exactly: no flag
    assert _flags("mall_price_above_reference") == []
    catalogue.update_product(b, at_limit.id, {"price": Decimal("130.01")})  # 30.01%: flagged
    db.session.commit()
    flag, = _flags("mall_price_above_reference")
    assert (flag.subject_key, flag.status, flag.severity) == (f"product:{at_limit.id}", "open", "medium")
    assert flag.detail == {"product": at_limit.name, "supplier": at_limit.supplier.name,
                           "reason": "above_lowest_elsewhere", "price": "130.01", "reference_price": "200.00",
                           "lowest_elsewhere": "100.00"}
    catalogue.update_product(b, at_limit.id, {"price": Decimal("125.00")})
    db.session.commit()
    assert flag.status == "resolved"


def test_the_cheapest_supplier_leaving_the_shelf_raises_the_flag_of_the_others(make, mall):
    from mall.catalogue import operations as catalogue

    a, b, c = mall.supplier(), mall.supplier(), mall.supplier()
    cheapest = mall.product(a, price="90.00", reference_price="200.00")
    mall.product(b, price="100.00", reference_price="200.00")
    dear = mall.product(c, price="125.00", reference_price="200.00")  # 38.9% above 90.00: flagged
    assert [f.subject_key for f in _flags("mall_price_above_reference") if f.status == "open"] == [
        f"product:{dear.id}"]
    # once 90.00 is gone, 125.00 is 25% above the lowest elsewhere (100.00): the flag ends
    catalogue.update_product(a, cheapest.id, {"on_shelf": False})
    db.session.commit()
    assert [f.status for f in _flags("mall_price_above_reference")] == ["resolved"]


# -- Dismissal, history, rebuild ----------------------------------------------------------------------------------

def test_the_supervisor_dismisses_a_flag_with_a_reason_and_it_stays_in_its_history(api, make):
    _opened(make, ["900000.00", "900000.00", "850000.00"])
    flag = _flags("identical_bid_prices")[0]
    supervisor, admin = make.supervisor(), make.admin()
    url = f"/api/v1/audit/flags/{flag.id}/dismiss"
    assert api.post(url, admin, json={"reason": "x"}).status_code == 403
    assert error_of(api.post(url, supervisor, json={"reason": "   "})) == (422, "reason_required")
    response = api.post(url, supervisor, json={"reason": "同一集团两家子公司，已另案处理"})
    assert (response.json["status"], response.json["reason"]) == ("dismissed", "同一集团两家子公司，已另案处理")
    assert error_of(api.post(url, supervisor, json={"reason": "again"})) == (409, "wrong_status")
    actions = db.session.scalars(select(Event.action).where(Event.chain_key == f"red_flag:{flag.id}")
                                 .order_by(Event.seq)).all()
    assert actions == ["flag.raised", "flag.dismissed"]
    listed = api.get("/api/v1/audit/flags?status=dismissed", supervisor).json
    assert [(i["id"], i["code"], i["subject"]["type"]) for i in listed["items"]] == [
        (flag.id, "identical_bid_prices", "project")]
    assert trail.verify_trail()["ok"]


def test_the_rebuild_gives_the_flags_the_events_raised(make, mall):
    _opened(make, ["900000.00", "900000.00", "905000.00"])
    _opened(make, ["900000.00"])
    mall.order(product=mall.offer(mall.supplier("A020101"), "1.00", "3.00", category="A020101"))
    mall.product(mall.supplier(), price="100.00", reference_price="200.00")
    mall.product(mall.supplier(), price="150.00", reference_price="200.00")

    def snapshot():
        return sorted((f.code, f.subject_key, f.severity, f.status, repr(f.detail)) for f in _flags())

    raised = snapshot()
    assert {code for code, *_ in raised} == {"identical_bid_prices", "bid_price_cluster", "failed_tender",
                                            "single_valid_bid", "mall_reference_inflated",
                                            "mall_price_above_reference"}
    assert flags.rebuild() == {}  # nothing to change: the flags agree with the data
    db.session.execute(delete(RedFlag))
    counts = flags.rebuild()
    db.session.commit()
    assert counts == {"flag.raised": len(raised)}
    assert snapshot() == raised


def test_flags_are_read_by_the_center_and_the_supervisor_only(api, make):
    _opened(make, ["900000.00"])
    for user, status in ((make.admin(), 200), (make.supervisor(), 200), (make.purchaser(), 403),
                         (make.bidder(), 403)):
        assert api.get("/api/v1/audit/flags", user).status_code == status


def test_the_flag_pages_show_figures_as_people_read_them(make, login):
    _opened(make, ["900000.00", "905000.00", "909000.00"])
    flag, = _flags("bid_price_cluster")
    supervisor = login(make.supervisor())
    listing = supervisor.get("/audit/flags").get_data(as_text=True)
    assert "¥900,000.00" in listing and "1.00%" in listing
    page = supervisor.get(f"/audit/flags/{flag.id}").get_data(as_text=True)
    assert 'name="reason"' in page and "¥909,000.00" in page
    dismissed = supervisor.post(f"/audit/flags/{flag.id}/dismiss", data={"reason": "正常竞争"},
                                follow_redirects=True).get_data(as_text=True)
    assert "正常竞争" in dismissed
    assert db.session.get(RedFlag, flag.id).status == "dismissed"
    assert db.session.scalar(select(func.count()).select_from(RedFlag)) == 1


def test_a_refused_split_order_places_nothing_yet_its_flag_is_kept(api, make, mall, login):
    from mall.orders.models import Order

    purchaser = make.purchaser()
    supplier = mall.supplier("A020101")
    budget = mall.budget(purchaser, "500000.00")
    product = mall.offer(supplier, "60000.00", category="A020101")

    def order():
        return api.post("/api/v1/mall/orders", purchaser,
                        json={"budget_id": budget.id, "items": [{"product_id": product.id, "quantity": 1}]})

    assert order().status_code == 201
    assert error_of(order()) == (422, "split_order_suspected")  # 60,000 + 60,000 = 120,000 > 100,000
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1  # the refused order placed nothing
    flag, = _flags("split_order_suspected")
    day = clock.today().isoformat()
    assert (flag.status, flag.severity, flag.purchaser_id) == ("open", "high", purchaser.organization_id)
    assert flag.subject_key == f"split_order:{purchaser.organization_id}:A020101:{day}"
    assert flag.detail == {"category": "A020101", "day": day, "window_days": 30, "earlier": "60000.00",
                           "attempted": "60000.00", "total": "120000.00", "limit": "100000.00", "attempts": 1}
    # The same attempt from the page counts a second time on the same flag.
    page = login(purchaser)
    page.post("/mall/cart/add", data={"product_id": product.id, "quantity": 1})
    refused = page.post("/mall/cart/checkout", data={"budget_id": budget.id, "supplier_id": supplier.organization_id})
    assert refused.status_code == 422
    db.session.expire_all()
    assert db.session.get(RedFlag, flag.id).detail["attempts"] == 2
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    assert flags.rebuild() == {}  # nothing in the data can rebuild it, and the rebuild keeps it
    assert trail.verify_trail()["ok"]


def test_the_flag_and_the_trail_link_to_each_other_and_the_owner_never_sees_a_flag(make, login):
    purchaser = make.purchaser()
    project, _ = _opened(make, ["900000.00", "900000.00", "850000.00"], purchaser=purchaser)
    flag, = _flags("identical_bid_prices")
    supervisor = login(make.supervisor())
    page = supervisor.get(f"/audit/flags/{flag.id}").get_data(as_text=True)
    subject_events = f"/audit/trail?project={project.code}#events"
    assert subject_events in page
    trail_page = supervisor.get(subject_events).get_data(as_text=True)
    # the project's opening and the flag's raising, each linked to its page
    assert f'href="/projects/{project.id}"' in trail_page and f'href="/audit/flags/{flag.id}"' in trail_page
    on_project = supervisor.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f'href="/audit/flags/{flag.id}"' in on_project
    owner_page = login(purchaser).get(f"/projects/{project.id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}"' in owner_page  # the owner reads its timeline …
    assert "red_flag:" not in owner_page and "/audit/flags" not in owner_page  # … without the flags
