"""Pages of the expert journey (assignment → accept → draft → submit) and of the center
(draw → return a sheet → evaluate → award → report PDF and Excel), in Chinese and English."""
import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.extensions import db
from core.timeutil import local_minute
from scoring.draw import operations as draw
from scoring.sheets import operations as sheets

pytestmark = pytest.mark.usefixtures("fast_passwords")


def text(response):
    return response.get_data(as_text=True)


def csrf(client, url):
    """The CSRF token of the page at url."""
    body = text(client.get(url))
    marker = 'name="csrf_token" value="'
    start = body.index(marker) + len(marker)
    return body[start:body.index('"', start)]


@pytest.fixture
def invited(make):
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "850000", "800000"])
    make.experts(7)
    made = draw.draw_panel(admin, project.id, "page-seed-1")
    db.session.commit()
    return project, admin, [m.expert.user for m in made.members if m.role == "member"]


def test_the_expert_accepts_saves_a_draft_and_submits_from_the_pages(login, invited):
    project, _, experts = invited
    client = login(experts[0])
    listing = text(client.get("/expert/assignments"))
    assert project.code in listing and "答复邀请" in listing
    page_url = f"/expert/projects/{project.id}"
    token = csrf(client, page_url)
    accepted = client.post(f"{page_url}/respond", data={"csrf_token": token, "answer": "accept"})
    assert accepted.status_code == 302
    sheet_page = text(client.get(page_url))
    assert "B01" in sheet_page and "B03" in sheet_page and "900,000" not in sheet_page
    for name in ("测试bidder单位",):
        assert name not in sheet_page

    bad = client.post(f"{page_url}/sheet", data={"csrf_token": token, "submit": "0", "score-B01-0": "41"})
    assert bad.status_code == 422 and "0 到 40" in text(bad) or "40" in text(bad)
    draft = client.post(f"{page_url}/sheet", data={"csrf_token": token, "submit": "0", "score-B01-0": "35.5",
                                                    "comment-B01": "方案可行"})
    assert draft.status_code == 302
    assert "35.5" in text(client.get(page_url)) and "方案可行" in text(client.get(page_url))

    incomplete = client.post(f"{page_url}/sheet", data={"csrf_token": token, "submit": "1", "score-B01-0": "35.5"})
    assert incomplete.status_code == 422
    full = {f"score-B0{b}-{c}": v for b in (1, 2, 3) for c, v in ((0, "30"), (1, "50"))}
    done = client.post(f"{page_url}/sheet", data={"csrf_token": token, "submit": "1", **full})
    assert done.status_code == 302
    assert "已提交" in text(client.get("/expert/assignments"))


def test_the_expert_declines_with_a_reason_and_a_reserve_is_invited(login, invited):
    project, _, experts = invited
    client = login(experts[0])
    token = csrf(client, f"/expert/projects/{project.id}")
    client.post(f"/expert/projects/{project.id}/respond", data={"csrf_token": token, "answer": "decline", "reason": "出差"})
    member = draw.my_membership(experts[0], project.id)
    assert member.status == "declined"
    assert len(draw.serving_members(project)) == 5


def test_the_center_draws_returns_evaluates_awards_and_prints_the_report(login, make, clock):
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "850000", "800000"])
    make.experts(7)
    client = login(admin)
    url = f"/projects/{project.id}/evaluation"
    assert "抽取专家" in text(client.get(url))
    token = csrf(client, url)
    assert client.post(f"{url}/draw", data={"csrf_token": token, "seed": "center-seed-01",
                                            "evaluation_at": "2026-12-03T09:30",
                                            "evaluation_place": "县公共资源交易中心三楼第二评标室"}).status_code == 302
    page = text(client.get(url))
    assert "center-seed-01" in page and "备选" in page

    members = draw.serving_members(project)
    codes = sorted(sheets.evaluation_record(project).bid_codes)
    for member in members:
        expert = member.expert.user
        draw.respond(expert, project.id, accept=True)
        sheets.save_scores(expert, project.id, [{"code": c, "criteria": [30, 50]} for c in codes], submit=True)
    db.session.commit()

    returned = client.post(f"{url}/sheets/{members[0].id}/return", data={"csrf_token": token, "reason": "B01 漏评"})
    assert returned.status_code == 302 and members[0].sheet.status == "returned"
    refused = client.post(f"{url}/evaluate", data={"csrf_token": token})
    assert refused.status_code == 302 and project.status == "opened"
    sheets.save_scores(members[0].expert.user, project.id, [{"code": c, "criteria": [30, 50]} for c in codes], submit=True)
    db.session.commit()

    client.post(f"{url}/evaluate", data={"csrf_token": token})
    db.session.refresh(project)
    assert project.status == "evaluated"
    record = sheets.evaluation_record(project)
    page = text(client.get(url))
    assert "中标候选人" in page or "候选" in page
    # During the publicity the award button is disabled and says until when, in local time; the refusal too.
    ends = local_minute(record.publicity_ends_at)
    assert f"公示结束（{ends}）后方可定标" in page and re.search(r'btn-success"\s+disabled', page)
    refused = client.post(f"{url}/award", data={"csrf_token": token, "bid_id": str(record.result["candidates"][0])},
                          follow_redirects=True)
    assert ends in text(refused) and "+00:00" not in text(refused)

    clock.set(record.publicity_ends_at)
    client.post(f"{url}/award", data={"csrf_token": token, "bid_id": str(record.result["candidates"][0])})
    db.session.refresh(project)
    assert project.status == "awarded"

    pdf = client.get(f"{url}/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    # Table cells wrap their text: compare without white space.
    content = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages))
    for row in record.result["ranking"]:
        assert row["bidder"] in content
        assert f"{row['total']:.2f}" in content
    assert "center-seed-01" in content

    xlsx = client.get(f"{url}/result.xlsx")
    book = load_workbook(BytesIO(xlsx.data))
    # In Chinese, prices as numbers formatted as money.
    assert book.sheetnames == ["排名", "专家评分表", "评分偏离预警", "专家抽取"]
    assert [c.value for c in book["排名"][2]][:4] == ["排名", "投标编号", "投标人", "投标报价"]
    rows = list(book["排名"].iter_rows(min_row=3, max_row=5))
    assert [r[2].value for r in rows] == [row["bidder"] for row in record.result["ranking"]]
    assert [r[3].value for r in rows] == [Decimal(row["price"]) for row in record.result["ranking"]]
    assert rows[0][3].number_format == "#,##0.00"


def test_the_evaluation_pages_speak_both_languages(login, invited):
    project, admin, experts = invited
    client = login(admin)
    zh = text(client.get(f"/projects/{project.id}/evaluation"))
    en = text(client.get(f"/projects/{project.id}/evaluation?lang=en"))
    assert "专家抽取" in zh or "评标专家" in zh
    assert "Expert panel" in en and "seed commitment" in en
    expert = login(experts[0])
    assert "My panels" in text(expert.get("/expert/assignments?lang=en"))
    assert "我的评标" in text(expert.get("/expert/assignments?lang=zh_CN"))


def test_the_purchaser_follows_the_panel_without_names_and_bidders_see_nothing_before_the_award(login, invited, make):
    project, _, experts = invited
    owner = login(project.created_by)
    page = text(owner.get(f"/projects/{project.id}/evaluation"))
    assert experts[0].expert.name not in page
    bidder = login(make.bidder())
    assert bidder.get(f"/projects/{project.id}/evaluation").status_code == 404
