"""Unified social credit code (统一社会信用代码, GB 32100-2015) check."""
from core.errors import DomainError, message

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17):
    """The 18th character for the first 17."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code):
    """Return None for a valid code, otherwise a message saying what is wrong."""
    if not isinstance(code, str) or len(code) != 18:
        return "A unified social credit code has 18 characters."
    if code != code.upper() and uscc_problem(code.upper()) is None:
        return "Letters in the code must be upper case."
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return message("Character(s) %(chars)s are not allowed (the letters I, O, S, V, Z are never used).",
                       chars=bad)
    if check_character(code[:17]) != code[17]:
        return "The check character is wrong: the code was mistyped."
    return None


def require_valid_uscc(code, field="uscc"):
    """Refuse (422 invalid_uscc, on `field`) a code that is not a valid USCC."""
    problem = uscc_problem(code)
    if problem:
        raise DomainError("invalid_uscc", problem, {field: [problem]})


def is_valid_uscc(code):
    return uscc_problem(code) is None
