"""Builders of trading: a registration payload, projects brought to every status, bids."""
from decimal import Decimal

from sqlalchemy import select

from core import clock
from core.extensions import db


def evaluation(**overrides):
    data = {
        "weights": {"credit": 10, "technical": 50, "commercial": 40},
        "price_method": "lowest",
        "trim": True,
        "technical_criteria": [{"name": "施工方案", "max": 40}, {"name": "质量保证", "max": 60}],
        "panel_size": 5,
        "expert_specialty": "A01",
    }
    data.update(overrides)
    return data


def project_payload(**overrides):
    """A valid open-tender registration, deadlines 25 days after T0."""
    data = {
        "title": "县人民医院门诊楼改造工程",
        "category": "construction",
        "method": "open_tender",
        "budget": "1000000.00",
        "ceiling_price": "950000.00",
        "deposit": "0.00",  # deposits: tests/trading/deposits ask for one
        "signup_deadline": "2026-12-20T17:00:00+08:00",
        "bid_deadline": "2026-12-26T09:30:00+08:00",
        "evaluation": evaluation(),
        "responsible_person": "王工",
    }
    data.update(overrides)
    return data


# Three valid bids under the ceiling (950,000.00): enough to open, evaluate and award.
VALID_BIDS = ("900000.00", "850000.00", "800000.00")
AFTER_OPENING = ("evaluated", "awarded")


class TradingBuilder:
    def project(self, purchaser=None, status="published", admin=None, bids=(), **overrides):
        """A project brought to `status` through the real operations: draft, submitted, published,
        cancelled, opened, failed, evaluated or awarded. `bids` are prices, each from a new bidder
        (published and later; evaluated and awarded default to three valid ones); opened and failed
        projects are opened at their bid deadline, evaluated ones scored by a full panel and awarded ones
        awarded to the first candidate at the end of the publicity, the clock restored each time."""
        from trading.tender import operations as ops
        from trading.tender.schemas import ProjectIn

        purchaser = purchaser or self.purchaser()
        admin = admin or (self.admin() if status not in ("draft", "submitted") else None)
        if status in AFTER_OPENING and not bids:
            bids = VALID_BIDS
        project = ops.create_project(purchaser, ProjectIn().load(project_payload(**overrides)))
        if status != "draft":
            ops.submit_project(purchaser, project.id)
        if status not in ("draft", "submitted"):
            ops.publish_project(admin, project.id)
        db.session.commit()
        for price in bids:
            self.bid(project, self.bidder(), price)
        if status == "cancelled":
            ops.cancel_project(admin, project.id, "需求变更")
        elif status in ("opened", "failed", *AFTER_OPENING):
            with clock.frozen_at(project.bid_deadline):
                ops.open_bids(admin, project.id)
            if status in AFTER_OPENING:
                self.confirm_deposits(project, admin)
            opened_as = "opened" if status in AFTER_OPENING else status
            assert project.status == opened_as, f"{len(bids)} bids make the project {project.status}, not {status}"
        db.session.commit()
        if status in AFTER_OPENING:
            panel = self.panel(project, admin)
            panel.submit_all()
            self.evaluate(project, admin)
            if status == "awarded":
                self.award(project, admin)
        return project

    def bid(self, project, bidder, price, proposal="技术方案", documents=(), deposit="asked"):
        """A sealed bid; `deposit` is its deposit record, by default a transfer of what the project asks (none when
        it asks none)."""
        from trading.tender import operations as ops

        if deposit == "asked":
            deposit = self.deposit_record(project.deposit) if project.deposit > 0 else None
        if ops.my_signup(bidder, project) is None:
            ops.sign_up(bidder, project.id)
        bid = ops.submit_bid(bidder, project.id, Decimal(price), proposal, documents, deposit=deposit)
        db.session.commit()
        return bid

    @staticmethod
    def deposit_record(amount, method="transfer", reference="BZJ20261201001", issuer="县农村商业银行"):
        return {"method": method, "amount": Decimal(amount), "reference": reference, "issuer": issuer}

    def confirm_deposits(self, project, admin):
        """The center confirms every declared deposit of an opened project (before the expert draw)."""
        from trading.deposits import operations as deposits
        from trading.deposits.models import Deposit

        for deposit in db.session.scalars(select(Deposit).where(Deposit.project_id == project.id,
                                                                Deposit.status == "declared")).all():
            deposits.check_deposit(admin, project.id, deposit.bid_id, "confirmed")
        db.session.commit()
