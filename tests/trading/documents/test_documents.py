"""Tender documents: types checked by content, size limit, who downloads before and after opening,
downloads sealed; bid documents after opening."""
import base64
import hashlib

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import Event
from core.timeutil import parse_datetime
from tests.conftest import error_of
from tests.builders.trading import project_payload
from trading.documents.models import DocumentDownload

pytestmark = pytest.mark.usefixtures("fast_passwords")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
ZIP = b"PK\x03\x04" + b"\0" * 26 + b"word/document.xml"
BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])


def b64(data):
    return base64.b64encode(data).decode("ascii")


def attach(api, user, project, name, content):
    return api.post(f"/api/v1/projects/{project.id}/documents", user, json={"name": name, "content_base64": b64(content)})


@pytest.fixture
def draft(make):
    purchaser = make.purchaser()
    return purchaser, make.project(purchaser, status="draft")


@pytest.mark.parametrize("name,content", [
    ("招标文件.pdf", PDF), ("工程量清单.xls", OLE2), ("技术规范.doc", OLE2), ("合同条款.docx", ZIP),
    ("报价表.xlsx", ZIP), ("图纸.zip", ZIP),
])
def test_the_owner_attaches_each_accepted_type(api, draft, name, content):
    purchaser, project = draft
    response = attach(api, purchaser, project, name, content)
    assert response.status_code == 201, response.json
    assert response.json["name"] == name
    assert response.json["size"] == len(content)
    assert response.json["sha256"] == hashlib.sha256(content).hexdigest()
    listed = api.get(f"/api/v1/projects/{project.id}/documents", purchaser).json["items"]
    assert [(d["name"], d["size"]) for d in listed] == [(name, len(content))]


@pytest.mark.parametrize("name,content", [
    ("伪装.pdf", ZIP),  # a ZIP named .pdf
    ("伪装.docx", PDF),  # a PDF named .docx
    ("旧版.doc", ZIP),  # .doc must be OLE2
    ("脚本.exe", b"MZ\x90\x00"),  # type not accepted
    ("无扩展名", PDF),
    ("空文件.pdf", b""),
])
def test_a_file_whose_content_is_not_its_type_is_refused(api, draft, name, content):
    purchaser, project = draft
    assert error_of(attach(api, purchaser, project, name, content)) == (422, "bad_document")
    assert api.get(f"/api/v1/projects/{project.id}/documents", purchaser).json["items"] == []


def test_the_size_limit_is_inclusive(api, app, draft):
    purchaser, project = draft
    app.config["MAX_DOCUMENT_BYTES"] = 1000
    assert attach(api, purchaser, project, "a.pdf", PDF + b"0" * (1000 - len(PDF))).status_code == 201
    assert error_of(attach(api, purchaser, project, "b.pdf", PDF + b"0" * (1001 - len(PDF)))) == (422, "bad_document")


def test_only_the_owner_attaches_and_only_to_a_draft(api, make, draft):
    purchaser, project = draft
    assert error_of(attach(api, make.purchaser(), project, "a.pdf", PDF))[0] == 404  # another unit's draft
    published = make.project(purchaser)
    assert error_of(attach(api, purchaser, published, "a.pdf", PDF)) == (409, "wrong_status")
    assert error_of(attach(api, make.bidder(), published, "a.pdf", PDF)) == (403, "forbidden")


def _published_with_document(api, make, admin):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    doc_id = attach(api, purchaser, project, "招标文件.pdf", PDF).json["id"]
    api.post(f"/api/v1/projects/{project.id}/submit", purchaser)
    assert api.post(f"/api/v1/projects/{project.id}/publish", admin).status_code == 200
    return purchaser, project, doc_id


def test_download_permissions_per_role_before_opening(api, make, clock):
    admin = make.admin()
    purchaser, project, doc_id = _published_with_document(api, make, admin)
    url = f"/api/v1/projects/{project.id}/documents/{doc_id}/content"
    signed_up, other_bidder = make.bidder(), make.bidder()
    api.post(f"/api/v1/projects/{project.id}/signups", signed_up)
    allowed = {"owner": purchaser, "admin": admin, "supervisor": make.supervisor(), "signed-up bidder": signed_up}
    for role, user in allowed.items():
        response = api.get(url, user)
        assert response.status_code == 200, role
        assert response.data == PDF
        assert response.headers["ETag"] == f'"{hashlib.sha256(PDF).hexdigest()}"'
        assert "attachment" in response.headers["Content-Disposition"]
    refused = {"bidder not signed up": other_bidder, "other purchaser": make.purchaser(), 
               "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]})}
    for role, user in refused.items():
        assert api.get(url, user).status_code == 403, role
    assert api.get(url).status_code == 401
    # Metadata for anyone, the content never without a sign-up.
    assert api.get(f"/api/v1/projects/{project.id}/documents").json["items"][0]["id"] == doc_id
    # Four downloads recorded, every one sealed under the project's scope.
    assert db.session.scalar(select(func.count()).select_from(DocumentDownload)) == 4
    events = db.session.scalars(select(Event).where(Event.action == "document.downloaded")).all()
    assert len(events) == 4 and {e.sealed_scope for e in events} == {f"project:{project.id}"}


def test_download_permissions_after_opening(api, make, clock, login):
    admin = make.admin()
    purchaser, project, doc_id = _published_with_document(api, make, admin)
    bidders = [make.bidder() for _ in range(3)]
    for bidder, price in zip(bidders, ("900000.00", "910000.00", "920000.00")):
        make.bid(project, bidder, price, documents=[{"name": "报价.pdf", "part": "commercial", "content": PDF}])
    api.get(f"/api/v1/projects/{project.id}/documents/{doc_id}/content", bidders[0])
    clock.set(BID_DEADLINE)
    assert api.post(f"/api/v1/projects/{project.id}/open", admin).json["status"] == "opened"
    url = f"/api/v1/projects/{project.id}/documents/{doc_id}/content"
    assert api.get(url, bidders[0]).status_code == 200
    assert api.get(url, make.bidder()).status_code == 403
    # Bid documents: the center, the owner and the supervisor, after opening.
    listing = api.get(f"/api/v1/projects/{project.id}/bid-documents", admin)
    assert listing.status_code == 200
    assert [d["sha256"] for item in listing.json["items"] for d in item["items"]] == [hashlib.sha256(PDF).hexdigest()] * 3
    bid_id = listing.json["items"][0]["bid_id"]
    content_url = f"/api/v1/projects/{project.id}/bids/{bid_id}/document?index=0"
    for user in (admin, purchaser, make.supervisor()):
        response = api.get(content_url, user)
        assert response.status_code == 200 and response.data == PDF
    assert api.get(content_url, bidders[0]).status_code == 403
    assert api.get(f"/api/v1/projects/{project.id}/bids/{bid_id}/document?index=1", admin).status_code == 404
    page = login(purchaser).get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/projects/{project.id}/bids/{bid_id}/document?index=0" in page and "报价.pdf" in page
    assert login(purchaser).get(f"/projects/{project.id}/bids/{bid_id}/document?index=0").data == PDF
    # Who downloaded is revealed at the opening, to the center, the owner and the supervisor.
    assert f"{bidders[0].organization.name}: 2" in page  # once before the opening, once after
    assert bidders[0].organization.name + ": 2" not in login(bidders[1]).get(f"/projects/{project.id}").get_data(as_text=True)


def test_bid_documents_are_closed_before_opening(api, make, clock):
    admin = make.admin()
    project = make.project(admin=admin)
    make.bid(project, make.bidder(), "900000.00", documents=[{"name": "报价.pdf", "part": "commercial", "content": PDF}])
    assert error_of(api.get(f"/api/v1/projects/{project.id}/bid-documents", admin)) == (403, "not_allowed")


def test_pages_list_documents_with_their_hash_and_link_for_those_allowed(app, make, api, login):
    admin = make.admin()
    purchaser, project, doc_id = _published_with_document(api, make, admin)
    bidder = make.bidder()
    anonymous = app.test_client().get(f"/projects/{project.id}").get_data(as_text=True)
    assert hashlib.sha256(PDF).hexdigest() in anonymous and "招标文件.pdf" in anonymous
    assert f"/documents/{doc_id}" not in anonymous
    client = login(bidder)
    assert client.get(f"/projects/{project.id}/documents/{doc_id}").status_code == 403
    client.post(f"/projects/{project.id}/signup")
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/projects/{project.id}/documents/{doc_id}" in page
    assert client.get(f"/projects/{project.id}/documents/{doc_id}").data == PDF


def test_the_owner_attaches_a_document_on_the_page(app, make, login):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    client = login(purchaser)
    page = client.get(f"/projects/{project.id}?lang=en").get_data(as_text=True)
    assert "Tender documents" in page
    from io import BytesIO

    response = client.post(f"/projects/{project.id}/documents", data={"document": (BytesIO(ZIP), "图纸.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "图纸.pdf" in response.get_data(as_text=True)  # named in the refusal
    response = client.post(f"/projects/{project.id}/documents", data={"document": (BytesIO(PDF), "招标文件.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert hashlib.sha256(PDF).hexdigest() in response.get_data(as_text=True)


def test_the_demo_has_documents_questions_and_an_amendment_and_seeds_them_once(app):
    import io

    from pypdf import PdfReader

    from core.seed import seed_demo
    from trading.amendments.models import Amendment
    from trading.documents.models import TenderDocument
    from trading.notices.models import Notice
    from trading.questions.models import Question

    seed_demo()
    db.session.commit()
    pdfs = db.session.scalars(select(TenderDocument).where(TenderDocument.name.like("%.pdf"))).all()
    assert len(pdfs) == 3
    assert "Tender documents" in PdfReader(io.BytesIO(pdfs[0].content)).pages[0].extract_text()
    questions = db.session.scalars(select(Question)).all()
    assert len(questions) == 3 and sum(q.answer is not None for q in questions) == 2
    amendment = db.session.scalars(select(Amendment)).one()
    assert amendment.postponed and amendment.notice.type == "change"
    tender_notices = db.session.scalar(select(func.count()).select_from(Notice).where(Notice.type == "tender"))
    assert tender_notices == 7  # every project published by the seed
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (TenderDocument, Question, Amendment, Notice)]
    assert "nothing created" in seed_demo()
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (TenderDocument, Question, Amendment, Notice)] == counts


def test_the_bid_receipt_lists_the_sealed_documents_with_their_hash(api, make, login):
    project = make.project()
    bidder = make.bidder()
    api.post(f"/api/v1/projects/{project.id}/signups", bidder)
    response = api.put(f"/api/v1/projects/{project.id}/bid", bidder, json={
        "price": "900000.00", "technical_proposal": "方案",
        "documents": [{"name": "报价.pdf", "part": "commercial", "content_base64": b64(PDF)}]})
    assert response.json["documents"] == [
        {"name": "报价.pdf", "part": "commercial", "sha256": hashlib.sha256(PDF).hexdigest()}]
    from io import BytesIO

    page = login(bidder).post(f"/projects/{project.id}/bid", data={
        "price": "905000.00", "technical_proposal": "方案", "commercial_documents": (BytesIO(PDF), "报价.pdf"),
        "technical_documents": (BytesIO(b"plan"), "方案.txt")},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert hashlib.sha256(PDF).hexdigest() in page and "报价.pdf" in page
    assert "方案.txt" in page and hashlib.sha256(b"plan").hexdigest() in page
