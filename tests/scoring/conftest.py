"""Fixtures of the evaluation tests: an opened project with its panel drawn and accepted."""
import pytest


@pytest.fixture
def panel(make):
    """An opened project (3 valid bids, panel of 5) with 5 drawn experts who all accepted."""
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "850000", "800000"])
    return make.panel(project, admin)
