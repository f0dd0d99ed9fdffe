"""The reminders the day before each deadline of a challenge (the reply, the last day to complain) and of a
complaint (the decision), each once (a scheduled duty)."""
from core import clock
from core.tasks import celery, each_in_turn
from trading.challenges import operations as challenges
from trading.challenges.operations import complaints


@celery.task(name="trading.challenge_reminders")
def send_challenge_reminders():
    """Remind of each challenge and complaint deadline falling tomorrow, once (hourly on `celery beat`)."""
    today = clock.today()
    return (len(each_in_turn(challenges.reminders_due(today), challenges.remind))
            + len(each_in_turn(complaints.reminders_due(today), complaints.remind)))
