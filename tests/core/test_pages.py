"""The account, organisation, dashboard and audit pages: access by role, forms, messages."""
from datetime import date

import pytest

from core.extensions import db
from core.models import Organization, User
from tests.builders.core import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("fast_passwords")

ROLES = ("admin", "purchaser", "bidder", "supervisor", "expert")
# Page -> the roles that may open it; everyone else gets 403, anonymous users the login page.
ROLE_PAGES = {
    "/admin": {"admin"},
    "/admin/organizations": {"admin", "supervisor"},
    "/admin/organizations/{org}": {"admin", "supervisor"},
    "/admin/users": {"admin"},
    "/audit/trail": {"admin", "supervisor"},
    "/account": {"purchaser", "bidder"},
}


@pytest.fixture
def people(make):
    return {
        "admin": make.admin(), "purchaser": make.purchaser(), "bidder": make.bidder(),
        "supervisor": make.supervisor(), "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}),
    }


def page(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/login", "/register", "/projects", "/api/v1/docs"])
def test_public_pages_render_for_anonymous_and_every_role(app, login, people, url):
    assert app.test_client().get(url).status_code == 200
    for user in people.values():
        assert login(user).get(url).status_code == 200


def test_role_pages_render_for_their_roles_only(app, login, people):
    clients = {role: login(people[role]) for role in ROLES}
    for template, allowed in ROLE_PAGES.items():
        url = template.format(org=people["bidder"].organization_id)
        anonymous = app.test_client().get(url)
        assert anonymous.status_code == 302 and "/login?next=" in anonymous.location, url
        for role in ROLES:
            expected = 200 if role in allowed else 403
            assert clients[role].get(url).status_code == expected, (url, role)


def test_pages_are_in_chinese_by_default_and_english_on_request(client):
    assert "公共资源交易平台" in page(client.get("/"))
    assert "Public Resource Trading Platform" in page(client.get("/?lang=en"))
    assert "Public Resource Trading Platform" in page(client.get("/projects")), "the choice stays in the session"
    assert "公共资源交易平台" in page(client.get("/?lang=zh_CN"))


def test_login_sends_each_role_to_its_start_page(app, people):
    starts = {"admin": "/admin", "purchaser": "/purchaser/projects", "bidder": "/my/bids", "supervisor": "/audit/desk"}
    for role, path in starts.items():
        response = app.test_client().post("/login", data={"username": people[role].username, "password": TEST_PASSWORD})
        assert response.location == path


def test_login_goes_back_to_the_requested_page_but_never_to_another_site(app, people):
    data = {"username": people["admin"].username, "password": TEST_PASSWORD}
    assert app.test_client().post("/login?next=/admin/users", data=data).location == "/admin/users"
    assert app.test_client().post("/login?next=//evil.example/", data=data).location == "/admin"


def test_wrong_password_is_refused_with_a_message(client, people):
    response = client.post("/login", data={"username": people["admin"].username, "password": "wrong-password"})
    assert response.status_code == 422
    assert "用户名或密码错误" in page(response)
    assert client.get("/admin").status_code == 302


def test_logout_is_a_post_that_ends_the_session(login, people):
    client = login(people["admin"])
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").location == "/"
    assert client.get("/admin").status_code == 302


def test_registration_with_a_valid_uscc_creates_a_pending_bidder(client):
    response = client.post("/register", data={
        "username": "minjiang", "password": "secret-pass-1", "organization_name": "闽江建设有限公司",
        "organization_uscc": "91350100m000100y43", "organization_contact_name": "陈经理",
        "organization_contact_phone": "0591-88886666",
    }, follow_redirects=True)
    assert response.request.path == "/login"
    assert "等待交易中心审核" in page(response)
    org = db.session.scalar(db.select(Organization).filter_by(uscc="91350100M000100Y43"))
    assert (org.status, org.kind) == ("pending", "bidder")


def test_registration_with_an_invalid_uscc_shows_the_problem_on_the_field(client):
    form = {"username": "minjiang", "password": "secret-pass-1", "organization_name": "闽江建设有限公司",
            "organization_uscc": "91350100M000100Y44", "organization_contact_name": "陈经理",
            "organization_contact_phone": "0591-88886666"}
    response = client.post("/register", data=form)
    assert response.status_code == 422
    html = page(response)
    field = html.index('id="organization_uscc"')
    assert html.index("校验码错误", field) < html.index('id="organization_contact_name"')
    assert "The check character is wrong" in page(client.post("/register?lang=en", data=form))
    assert db.session.scalar(db.select(User).filter_by(username="minjiang")) is None


def test_registration_checks_the_api_input_rules(client):
    response = client.post("/register", data={
        "username": "x", "password": "short", "organization_name": "闽江建设有限公司",
        "organization_uscc": "91350100M000100Y43", "organization_contact_name": "陈经理",
        "organization_contact_phone": "0591-88886666"})
    assert response.status_code == 422
    assert "长度必须为 10 到 128 个字符" in page(response)


def test_registration_shows_every_problem_at_once(client):
    """A blank contact (the form's rule), a one-letter username and a short password (the API's rules): all three
    on the first try, each on its field."""
    response = client.post("/register", data={
        "username": "x", "password": "short", "organization_name": "闽江建设有限公司",
        "organization_uscc": "91350100M000100Y43", "organization_contact_name": "",
        "organization_contact_phone": "0591-88886666"})
    assert response.status_code == 422
    html = page(response)
    username, password = html.index('id="username"'), html.index('id="password"')
    assert html.count("is-invalid") >= 3 and "长度必须为 10 到 128 个字符" in html[password:]
    assert "invalid-feedback" in html[username:password]
    contact = html.index('id="organization_contact_name"')
    assert html.index("该字段是必填字段", contact) < html.index('id="organization_contact_phone"')
    assert db.session.scalar(db.select(User).filter_by(username="minjiang")) is None


def test_admin_approves_and_rejects_pending_organisations_from_the_dashboard(login, make, people):
    waiting, refused = make.org("bidder", status="pending"), make.org("bidder", status="pending")
    client = login(people["admin"])
    dashboard = page(client.get("/admin"))
    assert waiting.name in dashboard and refused.name in dashboard
    response = client.post(f"/admin/organizations/{waiting.id}/approve", data={"next": "/admin"}, follow_redirects=True)
    assert response.request.path == "/admin" and "单位已审核通过" in page(response)
    assert "必须填写原因" in page(client.post(f"/admin/organizations/{refused.id}/reject", follow_redirects=True))
    client.post(f"/admin/organizations/{refused.id}/reject", data={"reason": "材料不全"})
    db.session.expire_all()
    assert (waiting.status, refused.status) == ("approved", "rejected")


def test_admin_creates_an_organisation_and_sees_uscc_problems_on_the_field(login, people):
    client = login(people["admin"])
    bad = client.post("/admin/organizations", data={"name": "县人民医院", "uscc": "12350100M000100Y4", "kind": "purchaser"})
    assert bad.status_code == 422 and "统一社会信用代码应为 18 位" in page(bad)
    response = client.post("/admin/organizations", data={"name": "县人民医院", "uscc": "91350100M000100Y43",
                                                         "kind": "purchaser"})
    org = db.session.scalar(db.select(Organization).filter_by(name="县人民医院"))
    assert response.location == f"/admin/organizations/{org.id}"
    assert (org.status, org.kind) == ("approved", "purchaser")


def test_admin_sets_credit_blacklists_and_adds_a_bad_conduct_record(login, people):
    client = login(people["admin"])
    org = people["bidder"].organization
    url = f"/admin/organizations/{org.id}"
    both = client.post(f"{url}/credit", data={"score": "90", "grade": "B", "note": "年度评价"})
    assert both.status_code == 422 and "请填写信用分或信用等级，不能同时填写" in page(both)
    client.post(f"{url}/credit", data={"grade": "A", "blacklisted_until": "2027-06-30", "note": "重大税收违法"})
    client.post(f"{url}/credit/records", data={"deduction": "15", "reason": "围标串标", "expires_on": "2027-12-01"})
    db.session.expire_all()
    assert (org.credit_grade, org.blacklisted_until) == ("A", date(2027, 6, 30))
    assert org.effective_credit_score() == 85
    html = page(client.get(url))
    assert "围标串标" in html and "黑名单截止 2027-06-30" in html
    past = client.post(f"{url}/credit/records", data={"deduction": "5", "reason": "迟到", "expires_on": "2026-01-01"})
    assert past.status_code == 422 and "必须是将来的日期" in page(past)


def test_supervisor_sees_organisations_but_no_forms(login, people):
    url = f"/admin/organizations/{people['bidder'].organization_id}"
    html = page(login(people["supervisor"]).get(url))
    assert people["bidder"].organization.name in html and f'action="{url}/credit' not in html


def test_admin_creates_an_expert_with_specialties(login, people):
    client = login(people["admin"])
    response = client.post("/admin/users", data={
        "username": "expert-wang", "password": "secret-pass-1", "role": "expert", "organization_id": "",
        "expert_name": "王专家", "expert_specialties": "A01，B02 A01", "expert_employer_uscc": "91350100m000100y43"})
    assert response.location == "/admin/users"
    expert = db.session.scalar(db.select(User).filter_by(username="expert-wang")).expert
    assert (expert.name, expert.specialty_codes, expert.employer_uscc) == ("王专家", ["A01", "B02"], "91350100M000100Y43")


def test_a_purchaser_needs_a_purchasing_unit(login, people):
    response = login(people["admin"]).post("/admin/users", data={
        "username": "buyer", "password": "secret-pass-1", "role": "purchaser",
        "organization_id": str(people["bidder"].organization_id)})
    assert response.status_code == 422 and "“采购单位”用户必须属于“采购单位”类型的单位" in page(response)


def test_trail_page_verifies_the_chain_and_admin_can_anchor(login, people):
    client = login(people["admin"])
    assert "审计日志完整" in page(client.get("/audit/trail?verify=1"))
    response = client.post("/audit/trail/anchor", follow_redirects=True)
    assert "已创建锚点 1" in page(response)
    assert "立即创建锚点" not in page(login(people["supervisor"]).get("/audit/trail"))


def test_account_page_shows_the_own_organisation_and_its_credit(login, make):
    bidder = make.user("bidder", make.org("bidder", status="pending"))
    html = page(login(bidder).get("/account"))
    assert bidder.organization.uscc in html and "等待交易中心审核" in html and "80" in html


def test_error_pages_are_translated(client):
    response = client.get("/projects/999")
    assert response.status_code == 404 and "未找到该项目" in page(response)


def test_posts_without_a_csrf_token_are_refused_when_csrf_is_on(app, client, people):
    app.config["WTF_CSRF_ENABLED"] = True
    data = {"username": people["admin"].username, "password": TEST_PASSWORD}
    refused = client.post("/login", data=data)
    assert refused.status_code == 400 and "缺少 CSRF 令牌" in page(refused)
    token = page(client.get("/login")).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/login", data=data | {"csrf_token": token}).status_code == 302
    assert client.post("/logout").status_code == 400, "plain button forms are protected too"


def test_the_chinese_catalogue_is_complete_and_its_placeholders_match():
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).parents[2] / "translations/zh_Hans_CN/LC_MESSAGES/messages.po"
    with path.open("rb") as po_file:
        catalog = read_po(po_file)
    assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy)] == []
    assert [(m.id, errors) for m, errors in catalog.check()] == []


def test_the_http_error_descriptions_listed_for_translation_are_werkzeug_s():
    from werkzeug import exceptions

    from core.web import HTTP_DESCRIPTIONS

    for error in (exceptions.BadRequest, exceptions.Forbidden, exceptions.NotFound, exceptions.MethodNotAllowed,
                  exceptions.RequestEntityTooLarge, exceptions.InternalServerError):
        assert error.description in HTTP_DESCRIPTIONS
