"""Notifications: stored as kind + parameters, rendered in the reader's language; the inbox page,
its API and badge; the outbox and its delivery command."""
from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import event, func, select

from core import notifications
from core.errors import Amount, Code
from core.extensions import db
from core.notifications import Notification, OutboxMessage, notify
from core.plugins import Kind, registry_of
from tests.conftest import T0, error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def kinds(app, monkeypatch):
    """A test kind with a code and an amount, registered for this test only."""
    monkeypatch.setitem(registry_of(app).notification_kinds, "test.deposit", Kind(
        "Deposit %(status)s", "A deposit of %(amount)s for %(project)s is %(status)s."))


@pytest.fixture
def senders(monkeypatch):
    """Register senders for this test only: senders.add(channel, fn)."""

    class Senders:
        def add(self, channel, send):
            monkeypatch.setitem(notifications._senders, channel, send)

    return Senders()


def texts(user, locale="en"):
    """(title, body) of the user's notifications, newest first, rendered in `locale`."""
    with force_locale(locale):
        return [notifications.render(n) for n in db.session.scalars(notifications.inbox(user))]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# -- Storing and rendering --------------------------------------------------------------------


def test_an_organisation_means_each_of_its_users_once(make):
    org = make.org("bidder")
    first, second = make.user("bidder", org), make.user("bidder", org)
    outsider = make.bidder()
    notify([org, first], "organization.approved", organization=org.name)
    db.session.commit()  # the notifications follow the commit
    assert sorted(n.user_id for n in db.session.scalars(select(Notification))) == [first.id, second.id]
    assert texts(outsider) == []


def test_codes_and_amounts_survive_the_round_trip_and_render_for_people(app, make, kinds):
    user = make.bidder()
    notify(user, "test.deposit", "/projects/1", amount=Amount("1234.5"), status=Code("approved"), project="路灯")
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(select(Notification))
    assert stored.params == {"amount": {"type": "amount", "value": "1234.50"},
                             "status": {"type": "code", "value": "approved"}, "project": "路灯"}
    assert (stored.link, stored.created_at, stored.read_at) == ("/projects/1", T0, None)
    assert texts(user, "en") == [("Deposit Approved", "A deposit of ¥1,234.50 for 路灯 is Approved.")]
    # The template has no translation: it stays English, but the code's label is translated.
    assert texts(user, "zh_CN") == [("Deposit 已通过", "A deposit of ¥1,234.50 for 路灯 is 已通过.")]


def test_a_translated_kind_renders_in_chinese(make):
    org = make.org("bidder")
    user = make.user("bidder", org)
    notify(org, "organization.rejected", organization="闽江路桥", reason="营业执照已过期")
    db.session.commit()
    assert texts(user, "en") == [("Registration rejected", "The trading center rejected the registration of 闽江路桥: "
                                  "营业执照已过期. Correct it and register again.")]
    assert texts(user, "zh_CN") == [("注册未通过审核", "交易中心未通过闽江路桥的注册：营业执照已过期。请更正后重新注册。")]


def test_unknown_kinds_and_unstorable_parameters_are_refused(make):
    user = make.bidder()
    with pytest.raises(ValueError):
        notify(user, "no.such_kind")
    with pytest.raises(TypeError):
        notify(user, "organization.approved", organization=Decimal("1.5"))
    assert count(Notification) == 0


def test_a_kind_no_module_declares_any_more_shows_its_code(make):
    user = make.bidder()
    db.session.add(Notification(user_id=user.id, kind="retired.kind", params={}, created_at=T0))
    assert texts(user) == [("retired.kind", "")]


def test_approving_and_rejecting_notify_the_organisations_users(api, make):
    admin = make.admin()
    approved_org, rejected_org = make.org("bidder", status="pending"), make.org("bidder", status="pending")
    approved, rejected = make.user("bidder", approved_org), make.user("bidder", rejected_org)
    assert api.post(f"/api/v1/organizations/{approved_org.id}/approve", admin).status_code == 200
    assert api.post(f"/api/v1/organizations/{rejected_org.id}/reject", admin, json={"reason": "执照过期"}).status_code == 200
    assert texts(approved) == [("Registration approved",
                                f"The trading center approved the registration of {approved_org.name}.")]
    assert texts(rejected) == [("Registration rejected", f"The trading center rejected the registration of "
                                f"{rejected_org.name}: 执照过期. Correct it and register again.")]
    assert db.session.scalar(select(Notification.link).where(Notification.user_id == approved.id)) == "/account"
    assert texts(admin) == []


def test_a_refused_approval_notifies_nobody(api, make):
    admin = make.admin()
    org = make.org("bidder", status="approved")
    make.user("bidder", org)
    assert error_of(api.post(f"/api/v1/organizations/{org.id}/approve", admin)) == (409, "wrong_status")
    assert count(Notification) == 0


# -- API --------------------------------------------------------------------------------------


@pytest.fixture
def inbox_of(make, clock):
    """A bidder with three notifications a minute apart (the second one read), and another user."""
    org = make.org("bidder")
    user, other = make.user("bidder", org), make.bidder()
    for name in ("甲", "乙", "丙"):
        notify(user, "organization.approved", "/account", organization=name)
        clock.advance(minutes=1)
    notify(other, "organization.approved", organization="丁")
    db.session.commit()
    second = db.session.scalars(select(Notification).where(Notification.params["organization"].as_string() == "乙")).one()
    second.read_at = T0 + timedelta(minutes=5)
    db.session.commit()
    return user, other


def test_the_api_lists_the_callers_inbox_newest_first_in_english(api, inbox_of):
    user, _ = inbox_of
    response = api.get("/api/v1/me/notifications?per_page=2", user)
    assert response.status_code == 200
    assert (response.json["page"], response.json["per_page"], response.json["total"]) == (1, 2, 3)
    first = response.json["items"][0]
    assert set(first) == {"id", "kind", "title", "body", "link", "created_at", "read_at"}
    assert (first["kind"], first["title"], first["body"], first["link"]) == (
        "organization.approved", "Registration approved", "The trading center approved the registration of 丙.", "/account")
    assert (first["created_at"], first["read_at"]) == ("2026-12-01T09:02:00+08:00", None)
    assert response.json["items"][1]["read_at"] == "2026-12-01T09:05:00+08:00"
    page_2 = api.get("/api/v1/me/notifications?per_page=2&page=2", user).json["items"]
    assert [i["body"][-2] for i in page_2] == ["甲"]


def test_the_api_lists_unread_only_on_request(api, inbox_of):
    user, _ = inbox_of
    items = api.get("/api/v1/me/notifications?unread=1", user).json["items"]
    assert [i["body"] for i in items] == ["The trading center approved the registration of 丙.",
                                         "The trading center approved the registration of 甲."]


@pytest.mark.parametrize("header, title", [
    ("zh-CN,zh;q=0.9,en;q=0.8", "注册审核通过"),
    ("zh", "注册审核通过"),
    ("en-US,en;q=0.9,zh;q=0.5", "Registration approved"),
    ("fr", "Registration approved"),
])
def test_the_api_speaks_chinese_when_accept_language_prefers_it(api, inbox_of, header, title):
    user, _ = inbox_of
    items = api.get("/api/v1/me/notifications", user, headers={"Accept-Language": header}).json["items"]
    assert items[0]["title"] == title


def test_marking_read_through_the_api_returns_the_item_once_read(api, inbox_of, clock):
    user, _ = inbox_of
    newest = api.get("/api/v1/me/notifications", user).json["items"][0]
    response = api.post(f"/api/v1/me/notifications/{newest['id']}/read", user)
    assert response.status_code == 200
    assert response.json == newest | {"read_at": "2026-12-01T09:03:00+08:00"}
    clock.advance(hours=1)
    again = api.post(f"/api/v1/me/notifications/{newest['id']}/read", user)
    assert again.json["read_at"] == "2026-12-01T09:03:00+08:00", "reading again changes nothing"
    assert api.get("/api/v1/me/notifications?unread=1", user).json["total"] == 1


def test_someone_elses_notification_is_not_found(api, inbox_of):
    user, other = inbox_of
    theirs = db.session.scalar(select(Notification.id).where(Notification.user_id == other.id))
    assert error_of(api.post(f"/api/v1/me/notifications/{theirs}/read", user)) == (404, "not_found")
    assert error_of(api.post("/api/v1/me/notifications/9999/read", user)) == (404, "not_found")
    assert db.session.get(Notification, theirs).read_at is None


def test_the_inbox_api_needs_a_token(api):
    assert error_of(api.get("/api/v1/me/notifications")) == (401, "not_authenticated")
    assert error_of(api.post("/api/v1/me/notifications/1/read")) == (401, "not_authenticated")


def test_the_inbox_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    listing = paths["/api/v1/me/notifications"]["get"]
    assert "Accept-Language" in listing["summary"]
    assert {p["name"] for p in listing["parameters"]} >= {"page", "per_page", "unread"}
    assert "200" in paths["/api/v1/me/notifications/{notification_id}/read"]["post"]["responses"]


# -- Pages ------------------------------------------------------------------------------------


def page(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "purchaser", "bidder", "supervisor", "expert"])
def test_every_role_has_an_inbox_page(app, make, login, role):
    user = make.user(role, profile={"name": "李专家", "specialties": ["A01"]} if role == "expert" else None)
    assert login(user).get("/inbox").status_code == 200
    anonymous = app.test_client().get("/inbox")
    assert anonymous.status_code == 302 and "/login?next=" in anonymous.location


def test_the_inbox_page_highlights_unread_and_counts_them_in_the_navigation(login, inbox_of):
    user, _ = inbox_of
    html = page(login(user).get("/inbox"))
    assert html.count("list-group-item-primary") == 2
    assert "交易中心已审核通过丙的注册。" in html and 'href="/account"' in html
    assert '>2<span class="visually-hidden"> 未读</span>' in html
    assert html.index("丙的注册") < html.index("乙的注册") < html.index("甲的注册"), "newest first"
    english = page(login(user).get("/inbox?lang=en&unread=1"))
    assert "The trading center approved the registration of 丙." in english and "乙" not in english


def test_the_inbox_page_is_paginated(make, login):
    user = make.bidder()
    for n in range(25):
        notify(user, "organization.approved", organization=f"单位{n:02d}")
    db.session.commit()
    client = login(user)
    assert page(client.get("/inbox")).count("list-group-item ") == 20
    second = page(client.get("/inbox?page=2"))
    assert second.count("list-group-item ") == 5 and "单位00" in second and "单位05" not in second


def test_mark_as_read_and_mark_all_read_on_the_page(login, inbox_of):
    user, other = inbox_of
    client = login(user)
    newest = db.session.scalar(select(func.max(Notification.id)).where(Notification.user_id == user.id))
    response = client.post(f"/inbox/{newest}/read", data={"next": "/inbox"})
    assert response.status_code == 302 and response.location == "/inbox"
    db.session.expire_all()
    assert db.session.get(Notification, newest).read_at == T0 + timedelta(minutes=3)
    client.post("/inbox/read-all")
    assert "已将 1 条消息标为已读。" in page(client.get("/inbox"))
    assert notifications.unread_count(user) == 0
    assert notifications.unread_count(other) == 1, "only the caller's inbox"


def test_the_page_cannot_mark_someone_elses_notification(login, inbox_of):
    user, other = inbox_of
    theirs = db.session.scalar(select(Notification.id).where(Notification.user_id == other.id))
    follow = login(user).post(f"/inbox/{theirs}/read", follow_redirects=True)
    assert "找不到该消息。" in page(follow)
    db.session.expire_all()
    assert db.session.get(Notification, theirs).read_at is None


def test_the_page_buttons_need_the_csrf_token(app, login, inbox_of):
    user, _ = inbox_of
    client = login(user)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/inbox/read-all").status_code == 400
    assert notifications.unread_count(user) == 2


def test_the_badge_costs_one_count_per_page_and_nothing_for_visitors(app, login, inbox_of):
    user, _ = inbox_of
    statements = []
    listener = lambda conn, cursor, sql, *args: statements.append(sql)  # noqa: E731
    client = login(user)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        client.get("/projects")
        from_user = [s for s in statements if "FROM notification" in s]
        statements.clear()
        app.test_client().get("/projects")
        from_visitor = [s for s in statements if "FROM notification" in s]
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(from_user) == 1 and "count(" in from_user[0].lower()
    assert from_visitor == []


# -- Outbox and delivery ----------------------------------------------------------------------


def test_nothing_is_sent_before_the_commit_nor_after_a_rollback(make):
    user = make.bidder()
    notify(user, "organization.approved", organization="甲")
    assert count(Notification) == 0
    db.session.rollback()
    db.session.commit()
    assert count(Notification) == 0
    notify(user, "organization.approved", organization="乙")
    db.session.commit()
    assert [body for _, body in texts(user)] == ["The trading center approved the registration of 乙."]


def test_a_notification_task_run_twice_adds_each_notification_once(make):
    user = make.bidder()
    arguments = ("batch-1", [user.id], [], "organization.approved", None, {"organization": "甲"},
                 "2026-12-01T01:00:00+00:00")
    notifications.send(*arguments)
    notifications.send(*arguments)
    assert count(Notification) == 1


def test_without_channels_there_is_only_the_inbox(make):
    notify(make.bidder(), "organization.approved", organization="甲")
    db.session.commit()
    assert count(Notification) == 1 and count(OutboxMessage) == 0


def test_each_configured_channel_gets_an_outbox_row(app, make):
    app.config["NOTIFICATION_CHANNELS"] = ["sms", "email"]
    org = make.org("bidder")
    first, second = make.user("bidder", org), make.user("bidder", org)
    notify(org, "organization.approved", organization="甲")
    db.session.commit()
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert sorted((r.notification.user_id, r.channel, r.status, r.attempts) for r in rows) == [
        (first.id, "email", "pending", 0), (first.id, "sms", "pending", 0),
        (second.id, "email", "pending", 0), (second.id, "sms", "pending", 0),
    ]


def deliver(app):
    return app.test_cli_runner().invoke(args=["notifications", "deliver"])


def test_each_outbox_row_is_delivered_by_its_own_task_after_the_commit(app, make, senders, clock):
    """In process (no broker) a failing delivery is tried again at once, up to NOTIFICATION_MAX_ATTEMPTS; on a
    broker it waits 1, 2, 4 … minutes between attempts."""
    from core.tasks import TaskFailure

    app.config["NOTIFICATION_CHANNELS"] = ["sms", "email", "fax"]
    user = make.bidder()
    texts_sent = []
    senders.add("sms", lambda notification, title, body: texts_sent.append((notification.user_id, title, body)))

    def broken_gateway(notification, title, body):
        raise ConnectionError("gateway down")

    senders.add("email", broken_gateway)
    notify(user, "organization.approved", organization="甲")
    assert count(OutboxMessage) == 0
    db.session.commit()
    assert texts_sent == [(user.id, "注册审核通过", "交易中心已审核通过甲的注册。")], "in the default language"
    rows = {r.channel: r for r in db.session.scalars(select(OutboxMessage))}
    assert (rows["sms"].status, rows["sms"].attempts, rows["sms"].sent_at) == ("sent", 1, T0)
    assert (rows["email"].status, rows["email"].attempts) == ("failed", 3)
    assert rows["email"].last_error == "ConnectionError: gateway down"
    assert (rows["fax"].status, rows["fax"].attempts) == ("pending", 0), "no sender: it waits"
    failure, = db.session.scalars(select(TaskFailure)).all()
    assert (failure.task, failure.args, failure.status) == ("notifications.deliver", [rows["email"].id], "failed")
    assert "failed 3 times: ConnectionError: gateway down" in failure.error

    # The command delivers what waits for a sender now registered; a sent or failed row is left alone.
    faxed = []
    senders.add("fax", lambda notification, title, body: faxed.append(notification.user_id))
    result = deliver(app)
    assert result.exit_code == 0 and "Sent 1, failed 0, to retry 0; 0 waiting" in result.output
    assert faxed == [user.id] and len(texts_sent) == 1

    # The gateway is back: the center runs the failed task again, and the e-mail goes.
    emailed = []
    senders.add("email", lambda notification, title, body: emailed.append(notification.user_id))
    admin = make.admin()
    from core import tasks

    tasks.rerun(admin, failure.id)
    db.session.commit()
    db.session.expire_all()
    assert emailed == [user.id] and db.session.get(OutboxMessage, rows["email"].id).status == "sent"
    assert db.session.get(TaskFailure, failure.id).status == "rerun"
