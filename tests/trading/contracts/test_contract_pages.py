"""The contract's page: the purchasing unit's to-dos and forms, the winner's and the supervisor's read-only view,
the contracts list, the award notice and the public contract notice."""
import io
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import User

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def awarded(make, clock):
    clock.set(datetime(2026, 9, 25, 1, 0, tzinfo=timezone.utc))
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="awarded")
    clock.set(datetime(2026, 10, 9, 2, 0, tzinfo=timezone.utc))
    return project, owner, project.contract


def pdf(name="合同.pdf"):
    return (io.BytesIO(b"%PDF-1.4 signed"), name)


def test_the_owner_records_the_contract_from_its_page(login, awarded):
    project, owner, contract = awarded
    client = login(owner)
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "签订合同并备案" in page and "2026-10-28" in page  # the to-do with its deadline
    assert 'value="800000.00"' in page  # the amount comes filled with the award amount
    refused = client.post(f"/contracts/{contract.id}/sign", data={
        "signed_on": "2026-09-30", "amount": "800000.00", "document": pdf("合同.docx")},
        content_type="multipart/form-data")
    assert refused.status_code == 422 and "仅接受 PDF 文件" in refused.get_data(as_text=True)
    done = client.post(f"/contracts/{contract.id}/sign", data={
        "signed_on": "2026-09-30", "amount": "800000.00", "performance_bond": "", "document": pdf()},
        content_type="multipart/form-data")
    assert done.status_code == 302
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "合同公告" in page and "合同.pdf" in page and "记录验收" in page
    notice = client.get("/notices?type=contract").get_data(as_text=True)
    assert project.title in notice


def test_the_winner_and_the_supervisor_read_without_forms(login, make, awarded):
    project, owner, contract = awarded
    winner = db.session.scalars(select(User).where(User.organization_id == contract.supplier_id)).first()
    for user in (winner, make.supervisor()):
        client = login(user)
        page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
        assert contract.code in page and "<form method=\"post\" enctype" not in page
        assert contract.code in client.get("/contracts").get_data(as_text=True)
        assert client.get(f"/projects/{project.id}/award-notice.pdf").status_code == 200
    assert login(make.purchaser()).get(f"/contracts/{contract.id}").status_code == 404


def test_the_project_page_links_to_its_contract(login, awarded):
    project, owner, contract = awarded
    page = login(owner).get(f"/projects/{project.id}").get_data(as_text=True)
    assert f"/contracts/{contract.id}" in page


def test_the_page_in_english(login, awarded):
    project, owner, contract = awarded
    page = login(owner).get(f"/contracts/{contract.id}?lang=en").get_data(as_text=True)
    assert "Sign the contract and record it" in page and "Awaiting signature" in page
