"""The reminder the day before deposits fall due back (a scheduled duty)."""
from core import clock
from core.tasks import celery, each_in_turn
from trading.deposits import operations as deposits


@celery.task(name="trading.deposit_reminders")
def send_deposit_reminders():
    """Remind the center of the deposits due back tomorrow, once per project (hourly on `celery beat`)."""
    return len(each_in_turn(deposits.reminders_due(clock.today()), deposits.remind))
