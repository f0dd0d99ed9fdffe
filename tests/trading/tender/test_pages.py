"""The tender pages: lists, registration form, submit/publish/open buttons, sign-up and bids."""
import io
from datetime import timedelta

import pytest

from core.extensions import db
from tests.conftest import T0
from tests.builders.trading import project_payload
from trading.tender.models import Bid, Project

pytestmark = pytest.mark.usefixtures("fast_passwords")

ROLES = ("admin", "purchaser", "bidder", "supervisor", "expert")
# Page -> the roles that may open it; everyone else gets 403, anonymous users the login page.
ROLE_PAGES = {
    "/projects/{published}/bid": {"bidder"},
    "/my/bids": {"bidder"},
    "/purchaser/projects": {"purchaser"},
    "/purchaser/projects/new": {"purchaser"},
    "/purchaser/projects/{draft}/edit": {"purchaser"},
}
AFTER_BID_DEADLINE = T0 + timedelta(days=25, hours=1)  # project_payload's bid deadline is 2026-12-26 09:30


def page(response):
    return response.get_data(as_text=True)


def form_data(**overrides):
    """The registration form's fields for project_payload(), as a browser posts them."""
    payload = project_payload()
    evaluation = payload.pop("evaluation")
    data = {key: payload[key] for key in ("title", "category", "method", "budget", "ceiling_price", "deposit",
                                          "responsible_person")}
    data |= {"signup_deadline": "2026-12-20T17:00", "bid_deadline": "2026-12-26T09:30",
             "evaluation_price_method": evaluation["price_method"], "evaluation_trim": "y",
             "evaluation_panel_size": str(evaluation["panel_size"]),
             "evaluation_expert_specialty": evaluation["expert_specialty"]}
    data |= {f"evaluation_weights_{name}": str(value) for name, value in evaluation["weights"].items()}
    for i, criterion in enumerate(evaluation["technical_criteria"]):
        data |= {f"evaluation_technical_criteria-{i}-name": criterion["name"],
                 f"evaluation_technical_criteria-{i}-max": str(criterion["max"])}
    data.update(overrides)
    return data


@pytest.fixture
def people(make):
    return {
        "admin": make.admin(), "purchaser": make.purchaser(), "bidder": make.bidder(),
        "supervisor": make.supervisor(), "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}),
    }


def test_project_pages_render_for_every_role_and_deny_the_others(app, make, login, people):
    published = make.project(purchaser=people["purchaser"], admin=people["admin"])
    draft = make.project(purchaser=people["purchaser"], status="draft")
    clients = {role: login(people[role]) for role in ROLES}
    for role in ROLES:
        assert clients[role].get("/projects").status_code == 200
        assert clients[role].get(f"/projects/{published.id}").status_code == 200
    for template, allowed in ROLE_PAGES.items():
        url = template.format(published=published.id, draft=draft.id)
        assert app.test_client().get(url).status_code == 302, url
        for role in ROLES:
            assert clients[role].get(url).status_code == (200 if role in allowed else 403), (url, role)


def test_drafts_and_submitted_projects_are_hidden_from_the_public(app, make, login, people):
    draft = make.project(purchaser=people["purchaser"], status="draft")
    submitted = make.project(purchaser=people["purchaser"], status="submitted")
    for project in (draft, submitted):
        assert app.test_client().get(f"/projects/{project.id}").status_code == 404
        assert login(people["bidder"]).get(f"/projects/{project.id}").status_code == 404
        assert login(people["purchaser"]).get(f"/projects/{project.id}").status_code == 200
    assert login(people["admin"]).get(f"/projects/{submitted.id}").status_code == 200
    assert login(people["admin"]).get(f"/projects/{draft.id}").status_code == 404


def test_project_list_searches_by_title_or_code_and_filters(client, make, people):
    road = make.project(purchaser=people["purchaser"], admin=people["admin"], title="城区道路照明改造")
    make.project(purchaser=people["purchaser"], admin=people["admin"], title="学校食堂设备采购", category="goods")
    make.project(purchaser=people["purchaser"], status="draft", title="草稿里的项目")
    html = page(client.get("/projects"))
    assert "城区道路照明改造" in html and "学校食堂设备采购" in html and "草稿里的项目" not in html
    assert "学校食堂" not in page(client.get("/projects?q=道路"))
    assert "城区道路" in page(client.get(f"/projects?q={road.code}"))
    assert "城区道路" not in page(client.get("/projects?category=goods"))
    assert "共 0 条" in page(client.get("/projects?status=awarded"))


def test_purchaser_registers_a_draft_with_the_form(login, people):
    response = login(people["purchaser"]).post("/purchaser/projects/new", data=form_data(save=""))
    project = db.session.scalar(db.select(Project))
    assert response.location == f"/projects/{project.id}"
    assert (project.status, project.code, project.ceiling_price) == ("draft", "2026-GC-0001", 950000)
    assert project.bid_deadline == T0.replace(day=26, hour=1, minute=30), "entered as Beijing time"
    assert project.evaluation.to_api() == {
        "weights": {"credit": 10, "technical": 50, "commercial": 40}, "price_method": "lowest", "trim": True,
        "technical_criteria": [{"name": "施工方案", "max": 40}, {"name": "质量保证", "max": 60}],
        "panel_size": 5, "expert_specialty": "A01", "sme_deduction": 0.03}  # construction's default


def test_ceiling_above_the_budget_is_shown_on_its_field_in_chinese_and_english(login, people):
    client = login(people["purchaser"])
    data = form_data(ceiling_price="1200000.00", save="")
    response = client.post("/purchaser/projects/new", data=data)
    assert response.status_code == 422
    html = page(response)
    assert html.index("不得超过预算金额</div>") > html.index('id="ceiling_price"')
    assert "must not exceed the budget" in page(client.post("/purchaser/projects/new?lang=en", data=data))
    assert db.session.scalar(db.select(Project)) is None


def test_weights_not_adding_up_to_100_are_shown_with_the_weights(login, people):
    client = login(people["purchaser"])
    data = form_data(evaluation_weights_commercial="30", save_and_submit="")
    html = page(client.post("/purchaser/projects/new", data=data))
    assert html.index("权重之和必须为 100（当前为 90）") > html.index('id="evaluation_weights_commercial"')
    assert "weights must add up to 100 (now 90)" in page(client.post("/purchaser/projects/new?lang=en", data=data))
    assert db.session.scalar(db.select(Project)) is None, "save and submit is one transaction"


def test_a_criterion_row_needs_its_maximum(login, people):
    response = login(people["purchaser"]).post("/purchaser/projects/new", data=form_data(
        **{"evaluation_technical_criteria-2-name": "工期"}))
    assert response.status_code == 422 and "请填写评分项满分" in page(response)


def test_editing_a_draft_shows_its_rule_problems_and_saves_changes(login, make, people):
    project = make.project(purchaser=people["purchaser"], status="draft",
                           evaluation={**project_payload()["evaluation"], "panel_size": 4})
    client = login(people["purchaser"])
    edit = page(client.get(f"/purchaser/projects/{project.id}/edit"))
    assert "必须为不少于 5 的奇数" in edit and 'value="县人民医院门诊楼改造工程"' in edit
    assert 'value="2026-12-26T09:30"' in edit, "deadlines are shown in local time"
    response = client.post(f"/purchaser/projects/{project.id}/edit",
                           data=form_data(title="门诊楼改造工程（二期）", save_and_submit=""))
    assert response.location == f"/projects/{project.id}"
    db.session.expire_all()
    assert (project.title, project.status, project.evaluation.panel_size) == ("门诊楼改造工程（二期）", "submitted", 5)
    assert client.get(f"/purchaser/projects/{project.id}/edit").status_code == 409


def test_another_purchasing_unit_cannot_edit_a_draft(login, make, people):
    project = make.project(purchaser=people["purchaser"], status="draft")
    assert login(make.purchaser()).get(f"/purchaser/projects/{project.id}/edit").status_code == 404


def test_submit_publish_and_open_buttons_move_the_project_through_its_states(clock, login, make, people):
    project = make.project(purchaser=people["purchaser"], status="draft")
    purchaser, admin = login(people["purchaser"]), login(people["admin"])
    response = purchaser.post(f"/purchaser/projects/{project.id}/submit", follow_redirects=True)
    assert "项目已提交进场登记" in page(response)
    assert project.code in page(admin.get("/admin"))
    admin.post(f"/admin/projects/{project.id}/publish")
    db.session.expire_all()
    assert project.status == "published"
    bids = [make.bid(project, make.bidder(), price) for price in ("900000.00", "910000.00", "920000.00")]
    open_url = f"/admin/projects/{project.id}/open"
    assert open_url not in page(admin.get(f"/projects/{project.id}")), "no open button before the deadline"
    clock.set(AFTER_BID_DEADLINE)
    assert open_url in page(admin.get("/admin"))
    response = admin.post(f"/admin/projects/{project.id}/open", follow_redirects=True)
    assert "已开标：共 3 份投标，其中有效 3 份" in page(response)
    db.session.expire_all()
    assert project.status == "opened"
    record = page(purchaser.get(f"/projects/{project.id}"))
    assert all(bid.receipt in record for bid in bids) and "¥900,000.00" in record


def test_the_dashboard_never_counts_sign_ups_before_opening(clock, login, make, people):
    project = make.project(purchaser=people["purchaser"], admin=people["admin"])
    bidder = make.bidder(name="榕城照明工程有限公司")
    make.bid(project, bidder, "900000.00")
    clock.set(AFTER_BID_DEADLINE)
    html = page(login(people["admin"]).get("/admin"))
    assert project.code in html and "榕城照明" not in html and "900,000" not in html


def test_publishing_refuses_a_project_that_breaks_the_time_rules(app, clock, login, make, people):
    project = make.project(purchaser=people["purchaser"], status="submitted")
    clock.set(T0 + timedelta(days=10))
    response = login(people["admin"]).post(f"/admin/projects/{project.id}/publish", follow_redirects=True)
    assert "该项目不符合进场登记规则" in page(response) and "必须在发布之日起至少 20 天之后" in page(response)
    db.session.expire_all()
    assert project.status == "submitted"


def test_returning_needs_a_reason_that_the_purchaser_then_sees(login, make, people):
    project = make.project(purchaser=people["purchaser"], status="submitted")
    admin = login(people["admin"])
    assert "必须填写原因" in page(admin.post(f"/admin/projects/{project.id}/return", follow_redirects=True))
    admin.post(f"/admin/projects/{project.id}/return", data={"reason": "预算批复文件缺失"})
    html = page(login(people["purchaser"]).get(f"/projects/{project.id}"))
    assert "交易中心退回" in html and "预算批复文件缺失" in html and "草稿" in html


def test_purchaser_cancels_its_submitted_project(login, make, people):
    project = make.project(purchaser=people["purchaser"], status="submitted")
    login(people["purchaser"]).post(f"/projects/{project.id}/cancel", data={"reason": "需求变更"})
    db.session.expire_all()
    assert (project.status, project.closed_reason) == ("cancelled", "需求变更")


def test_purchaser_lists_its_own_projects_including_drafts(login, make, people):
    mine = make.project(purchaser=people["purchaser"], status="draft", title="我的草稿项目")
    make.project(status="draft", title="别人的草稿项目")
    html = page(login(people["purchaser"]).get("/purchaser/projects"))
    assert mine.title in html and "别人的草稿项目" not in html


def test_bidder_signs_up_bids_with_a_document_and_sees_its_receipt(login, make, people):
    project = make.project(purchaser=people["purchaser"], admin=people["admin"])
    client = login(people["bidder"])
    assert "请先报名该项目" in page(client.get(f"/projects/{project.id}/bid"))
    assert "报名成功" in page(client.post(f"/projects/{project.id}/signup", follow_redirects=True))
    assert "已报名该项目" in page(client.post(f"/projects/{project.id}/signup", follow_redirects=True))
    response = client.post(f"/projects/{project.id}/bid", content_type="multipart/form-data", data={
        "price": "930000.00", "technical_proposal": "照明施工方案",
        "documents": [(io.BytesIO(b"%PDF-1.7 plan"), "plan.pdf")]}, follow_redirects=True)
    bid = db.session.scalar(db.select(Bid))
    assert response.request.path == f"/projects/{project.id}/bid"
    assert len(bid.receipt) == 64 and page(response).count(bid.receipt) == 2, "flashed and shown as the receipt"
    assert "回执的计算方法" in page(response)
    assert bid.receipt in page(client.get("/my/bids")) and bid.receipt in page(client.get(f"/projects/{project.id}"))


def test_a_malformed_price_is_refused_on_its_field(login, make, people):
    project = make.project(purchaser=people["purchaser"], admin=people["admin"])
    client = login(people["bidder"])
    client.post(f"/projects/{project.id}/signup")
    response = client.post(f"/projects/{project.id}/bid", data={"price": "930000.123", "technical_proposal": "方案"})
    assert response.status_code == 422 and "小数不能超过两位" in page(response)
    assert db.session.scalar(db.select(Bid)) is None


def test_bidder_withdraws_its_bid(login, make, people):
    project = make.project(purchaser=people["purchaser"], admin=people["admin"])
    bid = make.bid(project, people["bidder"], "930000.00")
    client = login(people["bidder"])
    response = client.post(f"/projects/{project.id}/bid/withdraw", follow_redirects=True)
    assert "您的投标已撤回" in page(response)
    db.session.expire_all()
    assert bid.status == "withdrawn"
    assert "您没有可撤回的投标" in page(client.post(f"/projects/{project.id}/bid/withdraw", follow_redirects=True))


def test_no_bid_is_accepted_after_the_deadline(clock, login, make, people):
    project = make.project(purchaser=people["purchaser"], admin=people["admin"])
    make.bid(project, people["bidder"], "930000.00")
    clock.set(AFTER_BID_DEADLINE)
    client = login(people["bidder"])
    assert "该项目已不再接受投标" in page(client.get(f"/projects/{project.id}/bid"))
    response = client.post(f"/projects/{project.id}/bid", data={"price": "920000.00", "technical_proposal": "方案"})
    assert response.status_code == 422 and "投标截止时间已过" in page(response)


def test_a_pending_bidder_is_told_why_it_cannot_sign_up(login, make, people):
    project = make.project(purchaser=people["purchaser"], admin=people["admin"])
    pending = make.user("bidder", make.org("bidder", status="pending"))
    response = login(pending).post(f"/projects/{project.id}/signup", follow_redirects=True)
    assert "您的单位尚未通过交易中心审核" in page(response)
