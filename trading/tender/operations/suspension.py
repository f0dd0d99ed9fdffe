"""The one check of a suspended procurement (暂停采购活动, trading.challenges): the opening, the expert draw, the
score sheets, the evaluation, the award and the contract's recording call it."""
from core import clock
from core.errors import Conflict
from core.timeutil import local_minute


def require_not_suspended(project):
    if project.is_suspended(clock.now()):
        raise Conflict("procurement_suspended", "The procurement is suspended until %(until)s.",
                       until=local_minute(project.suspended_until))
