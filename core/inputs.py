"""Defences against malformed input, for the API and the pages alike.

- ids in URLs: `<int:...>` accepts ASCII digits up to 2**31 - 1 (the Integer columns), so a
  larger id is a plain 404 instead of an overflow in the database;
- text: no NUL character (PostgreSQL refuses it) and no unpaired surrogate (not encodable
  as UTF-8) in any string, checked in JSON bodies, form fields and query arguments;
- nesting: a JSON body nested deeper than MAX_DEPTH is malformed.
"""
import re

from flask import request
from werkzeug.routing import IntegerConverter

from core.errors import BadRequest, ValidationFailed

MAX_ID = 2**31 - 1
MAX_DEPTH = 32
BAD_TEXT = "must not contain a NUL character or an unpaired surrogate"
_BAD_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def form_int(value):
    """A form field's whole number within the Integer columns (0..2**31 - 1), for `request.form.get(name,
    type=form_int)`: anything else raises ValueError, so the field reads as missing instead of overflowing."""
    text = (value or "").strip()
    if not re.fullmatch(at_most(MAX_ID), text):
        raise ValueError(f"not a whole number up to {MAX_ID}")
    return int(text)


def at_most(limit):
    """A regex for the decimal numbers 0..limit (leading zeros allowed), digit by digit:
    at_most(2147483647) matches "2147483647" and "99", never "2147483648"."""
    digits = str(limit)
    alternatives = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        lowest = 1 if i == 0 and len(digits) > 1 else 0  # shorter numbers are the first alternative
        if int(digit) > lowest:
            rest = len(digits) - i - 1
            alternatives.append(digits[:i] + f"[{lowest}-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    alternatives.append(digits)
    return "0*(?:" + "|".join(alternatives) + ")"


class BoundedInt(IntegerConverter):
    """`<int:...>` for database ids: ASCII digits, 0 to 2**31 - 1; anything else is not found.

    The bound is in the regex, not only in to_python(): werkzeug answers 405 rather than 404
    when a rule for another method matched the path before a converter refused the value.
    """

    regex = at_most(MAX_ID)

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        if max != MAX_ID:
            self.regex = at_most(max)


def has_bad_text(text):
    return bool(_BAD_CHARACTERS.search(text))


def _readable(key):
    return _BAD_CHARACTERS.sub("\ufffd", str(key))


def bad_text_problems(data):
    """{dotted path: [BAD_TEXT]} for every string (value or key) in `data` with a bad character.

    Walks without recursion; raises BadRequest("malformed_json") beyond MAX_DEPTH levels.
    """
    problems = {}
    stack = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest("malformed_json", "The request body is nested too deeply.")
        if isinstance(value, str):
            if has_bad_text(value):
                problems[path] = [BAD_TEXT]
        elif isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{_readable(key)}" if path else _readable(key)
                if isinstance(key, str) and has_bad_text(key):
                    problems[name] = [BAD_TEXT]
                stack.append((name, item, depth + 1))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                stack.append((f"{path}.{index}" if path else str(index), item, depth + 1))
    return problems


def check_text(data):
    """Refuse `data` (a JSON body, a form's payload) with a bad character: 422 per field."""
    problems = bad_text_problems(data)
    if problems:
        raise ValidationFailed(dict(sorted(problems.items())))


def check_request_text():
    """Before every request: query arguments and form fields with a bad character are refused,
    whatever later reads them (schemas, page filters, a view reading request.form)."""
    problems = {}
    sources = [request.args, request.form] if request.mimetype in _FORM_TYPES else [request.args]
    for source in sources:
        for key, values in source.lists():
            if has_bad_text(key) or any(has_bad_text(v) for v in values):
                problems[_readable(key)] = [BAD_TEXT]
    if problems:
        raise ValidationFailed(problems, "The request contains a NUL character or an unpaired surrogate.",
                               "invalid_characters")


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def register_input_guards(app):
    """Install the bounded `int` converter (before any route is added) and the text check."""
    app.url_map.converters["int"] = BoundedInt
    app.before_request(check_request_text)
