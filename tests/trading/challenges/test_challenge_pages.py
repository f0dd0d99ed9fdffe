"""The pages: the challenge form on the project page of a signed-up supplier, the challenge page with its reply and
complaint forms, the supervisor's complaints desk with its suspend and decide forms; Chinese by default, English
with ?lang=en; every deadline shown as a date."""
import io
from datetime import date

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.trading.challenges.test_challenges import bidders_of, local
from trading.challenges.models import Challenge

pytestmark = pytest.mark.usefixtures("fast_passwords")


def pdf():
    return (io.BytesIO(b"%PDF-1.4 evidence"), "证据.pdf")


def test_challenge_reply_complain_suspend_and_decide_through_the_pages(login, make, clock):
    clock.set(local(date(2026, 9, 30), 9))
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="evaluated")
    challenger, other, _ = bidders_of(project)
    clock.set(local(date(2026, 9, 30), 10))
    bidder_page = login(challenger)
    page = bidder_page.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "书面质疑" in page and "截至 2026-10-15" in page  # the result window's last day
    sent = bidder_page.post(f"/projects/{project.id}/challenges", data={
        "subject": "result", "text": "第二名的技术分计算有误", "document": pdf()}, content_type="multipart/form-data")
    assert sent.status_code == 302
    made = db.session.scalar(select(Challenge))
    assert made.files[0].name == "证据.pdf"
    assert login(other).get(f"/challenges/{made.id}").status_code == 404

    owner_page = login(owner)
    shown = owner_page.get(f"/challenges/{made.id}").get_data(as_text=True)
    assert "第二名的技术分计算有误" in shown and "2026-10-15" in shown and "发送答复" in shown
    english = owner_page.get(f"/challenges/{made.id}?lang=en").get_data(as_text=True)
    assert "Send the reply" in english
    assert owner_page.post(f"/challenges/{made.id}/reply", data={"text": "经复核无误"}).status_code == 302

    complaint_page = bidder_page.get(f"/challenges/{made.id}").get_data(as_text=True)
    assert "提交投诉" in complaint_page and "2026-11-05" in complaint_page  # 15 working days after 10-15
    assert bidder_page.post(f"/challenges/{made.id}/complaint", data={"text": "不服答复"}).status_code == 302

    supervisor = login(make.supervisor())
    desk = supervisor.get("/complaints").get_data(as_text=True)
    assert "不服答复" in desk and "暂停采购活动" in desk
    assert supervisor.post(f"/challenges/{made.id}/suspend", data={"days": "5", "reason": "调查"}).status_code == 302
    assert supervisor.post(f"/challenges/{made.id}/decide", data={
        "decision": "dismissed", "consequence": "", "text": "投诉缺乏事实依据"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Challenge)).complaint.decision == "dismissed"
    notice = supervisor.get("/notices?type=complaint_decision").get_data(as_text=True)
    assert "投诉处理结果公告" in notice
    for user in (challenger, owner):
        assert login(user).get("/challenges").status_code == 200
        assert login(user).get("/complaints").status_code == 200
