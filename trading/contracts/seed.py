"""`flask seed-demo`, after the award: the awarded demo project's contract recorded late (signed five days after the
award notice, recorded five days later), a site inspection rated fair, the acceptance passed but rated poor (the
builder's credit drops by 10), and a first payment."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.seed import local_time
from core.timeutil import to_local
from trading.contracts import operations as contracts
from trading.contracts.models import Contract


def demo_pdf(text):
    """A one-page PDF whose page shows `text` (ASCII): the demo's signed files."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def seed_contracts(seeder):
    for contract in db.session.scalars(select(Contract).where(Contract.status == "awaiting_signature")).all():
        awarded_on = to_local(contract.awarded_at).date()
        if (seeder.today - awarded_on).days >= 12:  # the demo's dates stay in the past
            _perform(seeder, contract, awarded_on)


def _perform(seeder, contract, awarded_on):
    owner = contract.project.created_by
    signed_on = awarded_on + timedelta(days=5)
    with clock.frozen_at(local_time(awarded_on + timedelta(days=10), 10)):
        contracts.sign_contract(owner, contract.project_id, {
            "signed_on": signed_on, "amount": contract.award_amount, "performance_bond": None,
            "document": {"name": f"合同-{contract.code}.pdf", "content": demo_pdf(f"Contract {contract.code}")}})
    seeder.created["contracts recorded late"] += 1
    if contract.project.category == "construction":
        with clock.frozen_at(local_time(awarded_on + timedelta(days=11), 15)):
            contracts.record_inspection(owner, contract.id, {
                "inspected_on": awarded_on + timedelta(days=11), "rating": "fair",
                "reason": "现场文明施工基本到位，安全防护网局部缺失，已要求整改。", "document": None})
    accepted_on = awarded_on + timedelta(days=12)
    with clock.frozen_at(local_time(accepted_on, 16)):
        contracts.record_acceptance(owner, contract.id, {
            "accepted_on": accepted_on, "result": "passed", "rating": "poor",
            "reason": "工期延误二十天，竣工资料多次补交，经整改后验收合格。",
            "document": {"name": f"验收报告-{contract.code}.pdf", "content": demo_pdf(f"Acceptance {contract.code}")}})
        contracts.record_payment(owner, contract.id, {
            "paid_on": accepted_on, "amount": (contract.amount * Decimal("0.70")).quantize(Decimal("0.01")),
            "reference": f"GK{accepted_on:%Y%m%d}01"})
    seeder.created["acceptances rated poor"] += 1
