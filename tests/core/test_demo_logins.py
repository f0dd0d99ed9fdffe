"""`flask demo-logins` (printed by `make run`): every demo login by role, pending bidders and experts included."""
import pytest

from core.cli import demo_logins_command  # noqa: F401  (the command is registered)
from core.seed import seed_demo
from core.extensions import db

pytestmark = pytest.mark.usefixtures("fast_passwords")


def test_demo_logins_list_every_role(app):
    seed_demo()
    db.session.commit()
    output = app.test_cli_runner().invoke(args=["demo-logins"]).output
    for heading in ("Trading center (admin)", "Supervisor", "Purchasing units", "Bidders", "Experts"):
        assert heading in output
    for username in ("center", "audit", "hospital", "school", "transport", "water", "bidder01", "bidder19"):
        assert f" {username} " in output
    assert output.count("[pending approval") == 2
    limited = app.test_cli_runner().invoke(args=["demo-logins", "--limit", "3"]).output
    assert "... and 47 more" in limited and limited.count("[pending approval") == 2
    makefile = open("Makefile", encoding="utf-8").read()
    assert "flask demo-logins" in makefile and "PORT=8080 make run" in makefile
