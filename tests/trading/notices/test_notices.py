"""Typed notices (公告): published by the lifecycle, listed by type, searched, per project, pages."""
import pytest

from core.extensions import db
from tests.conftest import error_of
from trading.notices.models import NOTICE_TYPES
from trading.notices.operations import publish_notice

pytestmark = pytest.mark.usefixtures("fast_passwords")


def types_of(api, **query):
    return [n["type"] for n in api.get("/api/v1/notices", query_string=query).json["items"]]


def test_publishing_a_project_publishes_its_tender_notice(api, make):
    project = make.project()
    items = api.get("/api/v1/notices").json["items"]
    assert [(n["type"], n["project_id"], n["project_code"]) for n in items] == [("tender", project.id, project.code)]
    notice = items[0]
    assert notice["title"] == f"{project.title}招标公告"
    for text in (project.code, "¥1,000,000.00", "¥950,000.00", "2026-12-20 17:00", "2026-12-26 09:30", "公开招标"):
        assert text in notice["body"], text
    assert api.get(f"/api/v1/notices/{notice['id']}").json == notice


def test_drafts_and_submitted_projects_publish_nothing(api, make):
    make.project(status="draft")
    make.project(status="submitted")
    assert api.get("/api/v1/notices").json["items"] == []


def test_cancellation_after_publication_publishes_a_termination_notice_and_before_it_nothing(api, make):
    make.project(status="cancelled")  # cancelled after publication by the center
    purchaser = make.purchaser()
    draft = make.project(purchaser, status="draft")
    api.post(f"/api/v1/projects/{draft.id}/cancel", purchaser, json={"reason": "不再采购"})
    assert sorted(types_of(api)) == ["failed", "tender"]
    failed = api.get("/api/v1/notices", query_string={"type": "failed"}).json["items"][0]
    assert "需求变更" in failed["body"] and failed["title"].endswith("终止公告")


def test_a_failed_opening_publishes_a_termination_notice(api, make):
    project = make.project(status="failed", bids=["900000.00"])
    failed = api.get("/api/v1/notices", query_string={"type": "failed", "project_id": project.id}).json["items"]
    assert len(failed) == 1 and "有效投标不足" in failed[0]["body"]
    assert make.project(status="opened", bids=["900000.00", "910000.00", "920000.00"]) is not None
    assert types_of(api, type="failed") == ["failed"]


def test_publish_notice_takes_every_type_and_refuses_others(app, make, api):
    project = make.project()
    for notice_type in ("candidates", "result"):
        publish_notice(project, notice_type, f"{project.title}{notice_type}", "正文", {"ranks": [1, 2, 3]})
    db.session.commit()
    assert sorted(types_of(api)) == ["candidates", "result", "tender"]
    assert api.get("/api/v1/notices", query_string={"type": "result"}).json["items"][0]["data"] == {"ranks": [1, 2, 3]}
    with pytest.raises(ValueError):
        publish_notice(project, "award", "x", "y")
    assert set(NOTICE_TYPES) == {"tender", "change", "candidates", "result", "failed", "contract", "complaint_decision"}


def test_search_by_title_or_code_and_per_project(api, make):
    first = make.project(title="县人民医院门诊楼改造工程")
    second = make.project(title="第一中学食堂设备采购")
    assert [n["project_id"] for n in api.get("/api/v1/notices", query_string={"q": "食堂"}).json["items"]] == [second.id]
    assert [n["project_id"] for n in api.get("/api/v1/notices", query_string={"q": first.code}).json["items"]] == [first.id]
    assert [n["project_id"] for n in api.get("/api/v1/notices", query_string={"project_id": first.id}).json["items"]] == [first.id]
    assert error_of(api.get("/api/v1/notices", query_string={"type": "award"})) == (422, "validation_failed")
    assert error_of(api.get("/api/v1/notices/999")) == (404, "notice_not_found")


def test_notice_pages_in_chinese_and_english(app, make, api):
    project = make.project(title="第一中学食堂设备采购")
    make.project(status="cancelled")
    client = app.test_client()
    page = client.get("/notices").get_data(as_text=True)
    assert "招标公告" in page and "第一中学食堂设备采购招标公告" in page and "中标结果公告" in page
    failed_tab = client.get("/notices?type=failed").get_data(as_text=True)
    assert "终止公告" in failed_tab and "第一中学食堂设备采购招标公告" not in failed_tab
    english = client.get("/notices?lang=en&q=食堂").get_data(as_text=True)
    assert "Tender notice" in english and "Result notice" in english
    notice_id = api.get("/api/v1/notices", query_string={"project_id": project.id}).json["items"][0]["id"]
    assert "¥1,000,000.00" in client.get(f"/notices/{notice_id}").get_data(as_text=True)
    project_page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/notices/{notice_id}" in project_page
    assert "/notices" in client.get("/").get_data(as_text=True)  # the nav entry, for everyone


def test_pages_beyond_the_last_are_empty_not_errors(app, make):
    make.project()
    assert app.test_client().get("/notices?page=99").status_code == 200
