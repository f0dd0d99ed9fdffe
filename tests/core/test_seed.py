"""`flask seed-demo`: every role and project state, idempotent, the trail intact."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from audit.flags.models import RedFlag
from core import trail
from core.accounts import authenticate
from core.extensions import db
from core.models import ROLES, Organization, TrailAnchor, User
from core.seed import seed_demo
from scoring.pool.models import Expert
from tests.builders.core import TEST_PASSWORD
from tests.conftest import T0
from trading.contracts.models import Contract
from trading.tender.models import Bid, Project

# The seed hashes its one demo password itself; this makes the online registrations cheap too.
pytestmark = pytest.mark.usefixtures("fast_passwords")


def _org(name):
    return db.session.scalar(select(Organization).where(Organization.name == name))


def _project(title):
    return db.session.scalar(select(Project).where(Project.title == title))


def _row_counts():
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_seed_creates_every_role_and_project_status(app):
    summary = seed_demo()
    db.session.commit()
    assert summary.startswith("Demo data created: 26 organisations, 76 users")
    roles = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    assert roles == {"admin": 1, "supervisor": 1, "purchaser": 4, "bidder": 20, "expert": 50}
    assert set(roles) == set(ROLES)
    statuses = db.session.scalars(select(Project.status)).all()
    assert sorted(statuses) == sorted(
        ["draft", "submitted", "published", "published", "published", "opened", "awarded", "failed", "cancelled"])
    # one demo password; the seed stores one hash for all but the two accounts registered online
    assert authenticate("center", "Demo-Jiaoyi-2026") is not None
    assert authenticate("bidder19", "Demo-Jiaoyi-2026") is not None
    assert len(set(db.session.scalars(select(User.password_hash)))) == 3


def test_seed_organisations_and_credit(app):
    seed_demo()
    db.session.commit()
    assert _org("某县公共资源交易中心").kind == "center"
    assert _org("县财政局").kind == "supervisor"
    assert db.session.scalar(select(func.count()).where(Organization.status == "pending")) == 2
    # The winner of the awarded demo project was rated poor at its acceptance: 10 points less (trading/contracts).
    winner = db.session.scalar(select(Contract.supplier_id))
    for name, score in (("福建闽兴建设工程有限公司", 100),   # grade A
                        ("福州宏达市政工程有限公司", 88),    # score 88
                        ("福建安筑建设集团有限公司", 80),    # no record: default
                        ("福建源泰水务工程有限公司", 75),    # B 80 - 5
                        ("福州百信医疗器械有限公司", 77)):   # B 80 - 3, the 4 expired
        org = _org(name)
        assert org.effective_credit_score() == score - (10 if org.id == winner else 0), name
    blacklisted = _org("福州路通养护工程有限公司")
    assert blacklisted.blacklisted_until == date(2027, 5, 30)                   # T0 + 180 days
    assert blacklisted.is_blacklisted()


def test_seed_a_contract_recorded_late_and_rated_poor(app):
    seed_demo()
    db.session.commit()
    contract = db.session.scalar(select(Contract))
    assert contract.status == "accepted" and contract.published_late and contract.paid_total > 0
    [record] = [r for r in contract.supplier.credit_records if r.source_kind == "contract"]
    assert (record.kind, record.points, record.source_ref) == ("deduction", 10, contract.code)
    assert db.session.scalar(select(RedFlag.status).where(RedFlag.code == "contract_published_late")) == "open"


def test_seed_experts_have_specialties_and_conflicting_employers(app):
    seed_demo()
    db.session.commit()
    experts = db.session.scalars(select(Expert)).all()
    assert len(experts) == 50
    assert all(e.specialty_codes for e in experts)
    employers = {e.employer_uscc for e in experts}
    assert _org("县人民医院").uscc in employers
    assert _org("福建康华医疗器械有限公司").uscc in employers
    eligible_ct = [e for e in experts if "B01" in e.specialty_codes
                   and e.employer_uscc not in (_org("县人民医院").uscc, _org("福建康华医疗器械有限公司").uscc)]
    assert len(eligible_ct) >= 5 + 2  # a panel of 5 plus 2 reserves is possible without conflicts


def test_seed_opened_and_failed_projects_hold_their_bids(app):
    seed_demo()
    db.session.commit()
    ct = _project("县人民医院64排CT设备采购项目")
    bids = db.session.scalars(select(Bid).where(Bid.project_id == ct.id).order_by(Bid.id)).all()
    assert [b.invalid_reason for b in bids].count("over_ceiling_price") == 1
    assert sum(b.valid for b in bids) == 4
    assert [b.price for b in bids if b.abnormally_low] == [Decimal("2650000.00")]
    assert ct.opened_at == ct.bid_deadline < T0  # opened at its deadline, in the past
    failed = _project("县交通运输局农村公路日常养护服务项目")
    assert failed.closed_reason == "insufficient_valid_bids"
    assert db.session.scalar(select(func.count()).where(Bid.project_id == failed.id, Bid.valid)) == 2
    his = _project("县人民医院信息化系统（HIS）升级改造项目")
    assert db.session.scalar(select(func.count()).where(Bid.project_id == his.id, Bid.status == "submitted")) == 3
    assert db.session.scalar(select(func.count()).where(Bid.project_id == his.id, Bid.price.is_not(None))) == 0


def test_seed_twice_adds_no_rows_and_the_trail_verifies(app):
    seed_demo()
    db.session.commit()
    counts = _row_counts()
    assert seed_demo() == "Demo data already present: nothing created."
    db.session.commit()
    assert _row_counts() == counts
    result = trail.verify_trail()
    assert result["ok"], result
    # The seed is one transaction ending with an anchor. After its commit come the documents it led to (evaluation
    # reports, result workbooks, order files), stored by their tasks: the anchors that its openings, evaluations and
    # awards queued anchor those and nothing else.
    first, *later = db.session.scalars(select(TrailAnchor).order_by(TrailAnchor.id)).all()
    assert any(not key.startswith("stored_document:") for key in first.heads)
    assert later and {key.partition(":")[0] for anchor in later for key in anchor.heads} == {"stored_document"}


def test_cli_seed_verify_and_create_user(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Password for every account: Demo-Jiaoyi-2026" in result.output
    assert "nothing created" in runner.invoke(args=["seed-demo"]).output
    result = runner.invoke(args=["trail", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    result = runner.invoke(args=["create-user", "clerk", "--role", "admin", "--password", TEST_PASSWORD])
    assert result.exit_code == 0, result.output
    assert authenticate("clerk", TEST_PASSWORD).role == "admin"
    result = runner.invoke(args=["create-user", "center", "--role", "admin", "--password", TEST_PASSWORD])
    assert result.exit_code == 1
    assert "taken" in result.output
