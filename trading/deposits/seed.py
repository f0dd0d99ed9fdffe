"""`flask seed-demo`, deposits: the center checks the opened projects' deposits half an hour after the opening
(before the expert draw); after the award it gives back the winner's on time, two unsuccessful bidders' (one three
days late, owing interest) and leaves one overdue; the failed project's deposits are given back but one."""
from datetime import timedelta

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.seed import local_time
from trading.deposits import operations as deposits
from trading.deposits.models import Deposit
from trading.tender.models import Project


def seed_deposit_checks(seeder):
    """Every declared deposit of a demo project opened before today confirmed against the bank statement (one
    opened today is the user's to check)."""
    for project in db.session.scalars(select(Project).where(
            Project.status == "opened", Project.opened_at < local_time(seeder.today, 0)).order_by(Project.id)).all():
        declared = db.session.scalars(select(Deposit).where(Deposit.project_id == project.id,
                                                            Deposit.status == "declared").order_by(Deposit.id)).all()
        with clock.frozen_at(project.opened_at + timedelta(minutes=30)):
            for deposit in declared:
                deposits.check_deposit(seeder.admin, project.id, deposit.bid_id, "confirmed", "已核对专户到账流水")
                seeder.created["deposits confirmed"] += 1


def seed_refunds(seeder):
    """Refunds of the released deposits: on the due date, but for the second (three days late) and the last one
    of each project (still owed: overdue once its date has passed)."""
    released = db.session.scalars(select(Deposit).where(
        Deposit.status.in_(("declared", "confirmed")), Deposit.refund_due_on < seeder.today - timedelta(days=3))
        .order_by(Deposit.project_id, Deposit.id)).all()
    by_project = {}
    for deposit in released:
        by_project.setdefault(deposit.project_id, []).append(deposit)
    for rows in by_project.values():
        for number, deposit in enumerate(rows[:-1]):
            late = 3 if number == 1 else 0
            day = deposit.refund_due_on + timedelta(days=late)
            with clock.frozen_at(local_time(day, 15)):
                deposits.refund_deposit(seeder.admin, deposit.id, day, f"TK{day:%Y%m%d}{deposit.id:04d}")
            seeder.created["deposits given back late" if late else "deposits given back"] += 1
