"""Expert names stay hidden from purchasing units and bidders until the award is published.

Every GET route (walked from the url map, as in the sealed-bid leak test) is requested as the
purchasing unit, a participating bidder, another bidder and an anonymous visitor while a project
is evaluated but not awarded: no panel member's name may appear anywhere.
"""
import pytest

from core import clock
from core.extensions import db
from core.models import User
from scoring.draw.models import Draw
from scoring.evaluation import operations as award
from tests.test_sealed_bid_leaks import _clients, _get_urls, _snapshot
from trading.tender.models import Bid

pytestmark = pytest.mark.usefixtures("fast_passwords")


def test_no_expert_name_reaches_the_purchaser_or_a_bidder_before_the_award(app, api, make, panel):
    panel.submit_all()
    record = award.evaluate(panel.admin, panel.project.id)
    db.session.commit()
    organization_id = db.session.scalars(db.select(Bid.organization_id).where(Bid.project_id == panel.project.id)).first()
    participant = db.session.scalars(db.select(User).where(User.organization_id == organization_id)).one()
    world = {
        "project": panel.project, "other_project": panel.project, "bidders": [participant],
        "users": {"anonymous": None, "purchaser": panel.project.created_by, "other_bidder": make.bidder(),
                  "participant": participant},
    }
    names = [expert.expert.name for expert in panel.experts]
    # Nor the members' ids (the panel API of any awarded project maps ids to names), nor the draw's seed (with
    # the eligible list it computes the panel): as a JSON list, a JSON field or the timeline's rendering.
    ids = [expert.expert.id for expert in panel.experts]
    draw = db.session.scalar(db.select(Draw).where(Draw.project_id == panel.project.id))
    secrets = [draw.seed, str(ids), ",".join(map(str, ids)), ", ".join(map(str, ids))]
    secrets += [f'"expert_id": {i}' for i in ids] + [f'"expert_id":{i}' for i in ids]
    urls = _get_urls(app, world)
    assert f"/projects/{panel.project.id}/evaluation" in urls and f"/api/v1/projects/{panel.project.id}/result" in urls
    clients = _clients(app, api, world, viewers=list(world["users"]))
    for key, (status, body) in _snapshot(app, clients, urls).items():
        for name in names:
            assert name not in body, f"expert name {name} visible in {key}"
        for secret in secrets:
            assert secret not in body, f"{secret!r} (the panel's ids or the draw's seed) visible in {key}"
        assert "experts.drawn" not in body, f"the draw's event visible in {key}"

    with clock.frozen_at(record.publicity_ends_at):
        award.award(panel.admin, panel.project.id)
    db.session.commit()
    public = api.get(f"/api/v1/projects/{panel.project.id}/result").json
    assert sorted(p["name"] for p in public["panel"]) == sorted(names)
    # With the award, the seed and the eligible list are public: anyone recomputes the panel from them.
    assert [(d["seed"], d["eligible_ids"]) for d in public["draws"]] == [(draw.seed, draw.eligible_ids)]
