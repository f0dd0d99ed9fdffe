"""Password rules (domain.md, "Accounts and security") and changing a password."""
from zxcvbn import zxcvbn

from core.errors import ValidationFailed, message
from core.sessions import end_all_sessions
from core.trail import record_event

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn: 3 "safely unguessable", 4 "very unguessable"
# zxcvbn's time grows with the length; what it cannot guess in 100 characters it cannot guess at all.
ESTIMATED_LENGTH = 72  # zxcvbn refuses longer input; what follows cannot make a password weaker


def password_problems(password, username, organization_name=None):
    """What is wrong with `password` for this account: a list of field problems, empty when good."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(message("must have at least 10 characters"))
    folded = password.strip().casefold()
    if username and folded == username.strip().casefold():
        problems.append(message("must not be the username"))
    if organization_name and folded == organization_name.strip().casefold():
        problems.append(message("must not be the organisation's name"))
    if not problems:
        inputs = [value for value in (username, organization_name) if value]
        if zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=inputs)["score"] < MIN_SCORE:
            problems.append(message("is too easy to guess: use a longer phrase, or mix words, digits and symbols"))
    return problems


def check_password_rules(password, username, organization_name=None, field="password"):
    problems = password_problems(password, username, organization_name)
    if problems:
        raise ValidationFailed({field: problems})


def change_password(user, current_password, new_password):
    """Set a new password after checking the current one; end every session and token of the account."""
    if not user.check_password(current_password):
        raise ValidationFailed({"current_password": [message("is not your current password")]})
    check_password_rules(new_password, user.username, user.organization.name if user.organization else None,
                         field="new_password")
    user.set_password(new_password)
    sessions, tokens = end_all_sessions(user)
    record_event(user, "user.password_changed", user, after={"sessions_ended": sessions, "tokens_revoked": tokens})
    return sessions, tokens
