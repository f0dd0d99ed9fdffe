"""The builders reach every project state through the real operations (for the next modules' tests)."""
from decimal import Decimal

import pytest

from core import clock
from tests.conftest import T0
from trading.tender.operations import opening_record

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.mark.parametrize("status, bids", [
    ("draft", []), ("submitted", []), ("published", []), ("published", ["900000.00"]), ("cancelled", []),
    ("opened", ["900000.00", "910000.00", "920000.00"]), ("failed", ["900000.00", "960000.00"]),
])
def test_make_project_reaches_each_state(make, status, bids):
    project = make.project(status=status, bids=bids)
    assert project.status == status
    assert clock.now() == T0, "the clock is restored after an opening"
    record = [(b.price, b.valid) for b in opening_record(project)]
    if status in ("opened", "failed"):
        # the ceiling is 950000.00: above it a bid is invalid, and two valid bids are too few
        assert record == [(Decimal(p), Decimal(p) <= Decimal("950000.00")) for p in bids]
    else:
        assert record == []
