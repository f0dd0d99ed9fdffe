"""The verifiable draw: eligibility and conflicts, the seed, reserves and 补抽, replay."""
import pytest

from core.errors import DomainError
from core.extensions import db
from core.hashing import sha256_hex
from scoring.draw import operations as draw
from scoring.pool.models import ExpertConflict

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def opened(make):
    """An opened project (panel of 5, specialty A01) with 3 valid bids, and its center admin."""
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "910000", "920000"])
    return project, admin


def expert_ids(users):
    return [u.expert.id for u in users]


def test_the_draw_order_is_by_the_sha256_of_seed_and_expert_id():
    keys = {i: sha256_hex(f"abc12345:{i}".encode()) for i in (3, 5, 8, 13)}
    assert draw.draw_order("abc12345", [3, 5, 8, 13]) == sorted(keys, key=keys.get)


def test_the_commitment_is_the_sha256_of_the_seed():
    assert draw.seed_commitment("seed-0001") == sha256_hex(b"seed-0001")


def test_a_draw_takes_the_panel_and_two_reserves_in_seed_order(make, opened):
    project, admin = opened
    pool = make.experts(9)
    made = draw.draw_panel(admin, project.id, "seed-0001")
    order = draw.draw_order("seed-0001", sorted(expert_ids(pool)))
    assert made.eligible_ids == sorted(expert_ids(pool))
    assert [m.expert_id for m in made.members] == order[:7]
    assert [m.role for m in made.members] == ["member"] * 5 + ["reserve"] * 2
    assert made.seed_commitment == sha256_hex(b"seed-0001")


def test_experts_employed_by_the_purchaser_or_a_bidder_or_declaring_a_conflict_are_never_drawn(make, opened):
    project, admin = opened
    pool = make.experts(7)
    bidder_uscc = project.purchaser.uscc
    employed_by_purchaser = make.expert(employer_uscc=project.purchaser.uscc)
    a_bidder = db.session.execute(db.select(draw.Signup).filter_by(project_id=project.id)).scalars().first().organization
    employed_by_bidder = make.expert(employer_uscc=a_bidder.uscc)
    declared = make.expert()
    db.session.add(ExpertConflict(expert_id=declared.expert.id, uscc=a_bidder.uscc, note="前同事"))
    other_specialty = make.expert(specialty="B02")
    db.session.commit()
    assert bidder_uscc
    eligible = draw.eligible_expert_ids(project)
    assert eligible == sorted(expert_ids(pool))
    for outsider in (employed_by_purchaser, employed_by_bidder, declared, other_specialty):
        assert outsider.expert.id not in eligible


def test_fewer_eligible_experts_than_the_panel_is_a_clear_error(make, opened):
    project, admin = opened
    make.experts(4)
    with pytest.raises(DomainError) as err:
        draw.draw_panel(admin, project.id, "seed-0001")
    assert err.value.code == "not_enough_experts"
    assert err.value.status == 422


def test_a_decline_brings_in_the_next_reserve(make, opened):
    project, admin = opened
    pool = {u.expert.id: u for u in make.experts(7)}
    made = draw.draw_panel(admin, project.id, "seed-0002")
    first, reserve = made.members[0], made.members[5]
    draw.respond(pool[first.expert_id], project.id, accept=False, reason="出差")
    assert first.status == "declined" and first.expert.declines == 1
    assert (reserve.role, reserve.status, reserve.replaces_id) == ("member", "invited", first.id)
    assert len(draw.serving_members(project)) == 5


def test_with_no_reserve_left_a_decline_draws_again_from_the_rest(make, opened):
    project, admin = opened
    users = {u.expert.id: u for u in make.experts(8)}
    made = draw.draw_panel(admin, project.id, "seed-0003")
    for member in made.members[:3]:  # two reserves used, the third decline needs a new round
        draw.respond(users[member.expert_id], project.id, accept=False, reason="回避")
    serving = draw.serving_members(project)
    assert len(serving) == 5
    newcomer = [m for m in serving if m.draw.round == 2]
    assert len(newcomer) == 1 and newcomer[0].expert_id not in [m.expert_id for m in made.members]


def test_an_exhausted_pool_leaves_the_panel_short_and_the_center_tops_it_up_later(make, opened):
    project, admin = opened
    users = {u.expert.id: u for u in make.experts(5)}
    made = draw.draw_panel(admin, project.id, "seed-0004")
    assert made.reserves_wanted == 0
    draw.respond(users[made.members[0].expert_id], project.id, accept=False, reason="生病")
    assert draw.missing_members(project) == 1
    make.expert()
    second = draw.draw_panel(admin, project.id, "seed-0005")
    assert (second.round, second.members_wanted) == (2, 1)
    assert draw.missing_members(project) == 0


def test_a_full_panel_is_not_drawn_twice(make, opened):
    project, admin = opened
    make.experts(7)
    draw.draw_panel(admin, project.id, "seed-0006")
    with pytest.raises(DomainError) as err:
        draw.draw_panel(admin, project.id, "seed-0007")
    assert err.value.code == "already_drawn"


def test_a_draw_replays_identically_from_its_seed(make, opened):
    project, admin = opened
    make.experts(9)
    draw.draw_panel(admin, project.id)
    [(made, expected, recorded, ok)] = draw.replay_draws(project)
    assert ok and expected == recorded and len(recorded) == 7


def test_replay_detects_a_changed_panel(make, opened):
    project, admin = opened
    make.experts(9)
    made = draw.draw_panel(admin, project.id, "seed-0008")
    made.members[0].position, made.members[1].position = 2, 1
    db.session.flush()
    [(_, _, _, ok)] = draw.replay_draws(project)
    assert not ok
