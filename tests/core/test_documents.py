"""Documents of record and exports (core.documents): rendered once by a task after the commit, stored with their
SHA-256 in the trail, served from storage with it as ETag; a failed rendering says so and is run again; a pending
one shows its progress and stops waiting when late; an export is its requester's alone."""
import hashlib

import pytest
from sqlalchemy import func, select

from core import documents
from core.documents import StoredDocument
from core.extensions import db
from core.models import Event
from core.plugins import registry_of
from core.tasks import TaskFailure
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")


def _events(document, action):
    return db.session.scalars(select(Event).where(Event.object_type == "stored_document",
                                                  Event.object_id == document.id, Event.action == action)).all()


def test_an_archived_order_has_its_file_stored_once_with_its_hash_in_the_trail(app, make, login):
    purchaser = make.purchaser()
    order = make.order(status="archived", purchaser=purchaser)
    document = documents.latest("order_file", order)
    assert document.status == "ready" and document.version == 1 and document.content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(document.content).hexdigest() and document.size == len(document.content)
    [stored] = _events(document, "document.stored")
    assert stored.after["sha256"] == document.sha256 and stored.after["mall_order_id"] == order.id

    assert documents.render(document.id) is None  # run twice: rendered once
    db.session.expire_all()
    assert len(_events(document, "document.stored")) == 1

    client = login(purchaser)
    response = client.get(f"/mall/orders/{order.id}/file.pdf")
    assert response.status_code == 200 and response.data == document.content
    assert response.headers["ETag"] == f'"{document.sha256}"'
    again = client.get(f"/mall/orders/{order.id}/file.pdf", headers={"If-None-Match": f'"{document.sha256}"'})
    assert again.status_code == 304 and again.data == b""


def test_a_new_version_is_a_new_document_and_the_stored_one_is_kept(app, make):
    order = make.order(status="archived")
    first = documents.latest("order_file", order)
    content, digest = first.content, first.sha256
    second = documents.prepare("order_file", order, "订单档案.pdf")
    db.session.commit()
    assert second.version == 2 and documents.latest("order_file", order).id == second.id
    db.session.refresh(first)
    assert first.content == content and first.sha256 == digest


def test_a_failed_rendering_says_so_and_the_center_runs_it_again(app, make, api, login, monkeypatch):
    kinds = registry_of(app).documents
    real = kinds["order_file"]

    def broken(document, progress):
        progress(0.5)
        raise RuntimeError("no fonts")

    monkeypatch.setitem(kinds, "order_file", real._replace(render=broken))
    purchaser = make.purchaser()
    order = make.order(status="archived", purchaser=purchaser)
    document = documents.latest("order_file", order)
    assert document.status == "failed" and "no fonts" in document.error and document.content is None
    failure = db.session.scalars(select(TaskFailure).where(TaskFailure.task == "documents.render")).one()
    assert failure.args == [document.id]

    client = login(purchaser)
    page = client.get(f"/mall/orders/{order.id}/file.pdf")
    assert page.status_code == 500 and "无法生成" in page.get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page.get_data(as_text=True)

    monkeypatch.setitem(kinds, "order_file", real)
    assert api.post(f"/api/v1/admin/tasks/{failure.id}/rerun", make.admin()).status_code == 200
    db.session.refresh(document)
    assert document.status == "ready" and document.content.startswith(b"%PDF")
    assert client.get(f"/mall/orders/{order.id}/file.pdf").status_code == 200


def test_a_pending_document_shows_its_progress_and_stops_waiting_when_late(app, make, login, clock):
    purchaser = make.purchaser()
    order = make.order(status="accepted", purchaser=purchaser)
    db.session.add(StoredDocument(kind="acceptance_note", object_type="mall_order", object_id=order.id, version=1,
                                  params={}, name="验收单.pdf", mimetype="application/pdf", status="pending",
                                  progress=40, requested_at=clock.current))
    db.session.commit()
    client = login(purchaser)
    waiting = client.get(f"/mall/orders/{order.id}/acceptance.pdf")
    text = waiting.get_data(as_text=True)
    assert waiting.status_code == 202 and 'http-equiv="refresh"' in text and "40%" in text and "正在生成" in text
    clock.advance(minutes=16)
    late = client.get(f"/mall/orders/{order.id}/acceptance.pdf").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in late and "比平时" in late


def test_an_export_is_followed_by_its_requester_alone(app, make, api):
    supervisor, other = make.supervisor(), make.admin()
    response = api.post("/api/v1/audit/savings/exports?from=2026-01-01&to=2026-12-31", supervisor)
    assert response.status_code == 202, response.json
    export = response.json
    assert export["status"] == "pending" and export["url"] is None  # written once the request commits
    followed = api.get(f"/api/v1/documents/{export['id']}", supervisor).json
    assert followed["status"] == "ready" and followed["sha256"] and followed["url"]
    file = api.get(followed["url"], supervisor)
    assert file.status_code == 200 and hashlib.sha256(file.data).hexdigest() == followed["sha256"]
    assert file.headers["ETag"] == f'"{followed["sha256"]}"'
    assert error_of(api.get(f"/api/v1/documents/{export['id']}", other)) == (404, "no_document")
    assert error_of(api.get(followed["url"], other)) == (404, "no_document")
    document = db.session.get(StoredDocument, export["id"])
    assert document.params == {"start": "2026-01-01", "end": "2026-12-31", "locale": "zh_Hans_CN"}
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.object_type == "stored_document", Event.object_id == document.id)) == 2  # requested, stored


def test_an_export_is_refused_to_those_who_may_not_read_the_report(app, make, api):
    purchaser = make.purchaser()
    assert error_of(api.post("/api/v1/audit/savings/exports", purchaser))[0] == 403
    assert db.session.scalar(select(func.count(StoredDocument.id))) == 0


def test_the_file_size_reads_as_people_read_it(app):
    from core.web import file_size

    assert [file_size(n) for n in (None, 0, 1023, 1024, 12_800, 1024 * 1024, 2_621_440)] == [
        "", "0 B", "1023 B", "1.0 KB", "12.5 KB", "1.0 MB", "2.5 MB"]


def test_late_is_fifteen_minutes_after_the_request(app, clock):
    document = StoredDocument(status="pending", requested_at=clock.current)
    clock.advance(minutes=15)
    assert not document.late
    clock.advance(seconds=1)
    assert document.late
