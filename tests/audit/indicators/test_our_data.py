"""The indicators on the platform's own open data: computed by the nightly task over its compiled releases and shown
on the supervisor's desk, each flag linking to its process or organisation; an indicator whose fields the platform
never publishes says it cannot apply instead of reading as clean."""
import pytest

from audit.indicators.models import IndicatorRun
from audit.indicators.tasks import run_indicators
from core.extensions import db
from core.tasks import celery

pytestmark = pytest.mark.usefixtures("fast_passwords")


def test_a_single_bid_tender_is_flagged_on_the_desk_with_a_link_to_it(app, make, login):
    project = make.project(status="failed", bids=("900000.00",))  # one bid: the opening fails, R018 applies
    make.project(status="awarded")
    run_indicators()
    run = db.session.scalars(db.select(IndicatorRun)).one()
    assert run.processes == 2
    assert run.result["OCID"][f"ocds-213czf-{project.code}"] == {"R018": 1.0}
    page = login(make.supervisor()).get("/audit/desk").get_data(as_text=True)
    assert "R018" in page and "收到单一投标" in page
    assert f'<a href="/projects/{project.id}">{project.code}</a>' in page
    # No mall order yet: no award carries classified items, so R048 cannot apply, and says so.
    assert "无法适用于本平台数据" in page and "awards/items/classification/id" in page


def test_before_the_first_run_the_desk_says_when_they_come(app, make, login):
    page = login(make.supervisor()).get("/audit/desk").get_data(as_text=True)
    assert "每晚" in page and "R018" not in page


def test_the_indicators_run_every_night_on_the_beat(app):
    entry = celery.conf.beat_schedule["compute the indicators on our open data"]
    assert entry["task"] == "audit.indicators" and entry["schedule"].hour == {2} and entry["schedule"].minute == {30}
