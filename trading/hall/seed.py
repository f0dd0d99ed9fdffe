"""`flask seed-demo`, the opening hall: check-ins before an opening, then confirmations and an
answered objection after it, made through the real operations at back-dated times."""
from datetime import timedelta

from core import clock
from trading.hall import operations as hall


def check_ins(seeder, project, spec):
    """The bidders of spec["hall"]["check_in"] check in 25, 20, 15... minutes before the deadline."""
    for order, number in enumerate(spec.get("hall", {}).get("check_in", ())):
        with clock.frozen_at(project.bid_deadline - timedelta(minutes=25 - 5 * order)):
            hall.check_in(seeder.users[f"bidder{number:02d}"], project.id)


def responses(seeder, project, spec):
    """After the opening: confirmations, then an objection the center answers, inside the window."""
    plan = spec.get("hall", {})
    for order, number in enumerate(plan.get("confirm", ())):
        with clock.frozen_at(project.opened_at + timedelta(minutes=3 + order)):
            hall.confirm_record(seeder.users[f"bidder{number:02d}"], project.id)
    if "objection" in plan:
        number, text, answer = plan["objection"]
        with clock.frozen_at(project.opened_at + timedelta(minutes=12)):
            objection = hall.raise_objection(seeder.users[f"bidder{number:02d}"], project.id, text)
        with clock.frozen_at(project.opened_at + timedelta(minutes=25)):
            hall.answer_objection(seeder.admin, project.id, objection.id, answer)
