"""Domain errors with a code and a message template; the API renders them as JSON, the pages
as translated form messages.

A message is a template with %(name)s placeholders plus its parameters (`Message`), never a
finished sentence: the API shows the English text, the pages look the template up in the
catalogue and format the parameters for people (money as ¥1,234.00, codes as labels).
"""
from decimal import Decimal


class Code(str):
    """A parameter that is a code (a status, a role...): pages show its translated label."""


class Amount(Decimal):
    """A parameter that is money: "1234.00" in the API, ¥1,234.00 in the pages."""

    def __str__(self):
        return format(self.quantize(Decimal("0.01")), "f")


class Message(str):
    """English text made from `template` % `params`; keeps both so that pages can translate.

    It is a str, so code that treats messages as text (marshmallow, tests) keeps working.
    """

    def __new__(cls, template, **params):
        if isinstance(template, Message):
            return template
        text = template % {k: _english(v) for k, v in params.items()} if params else template
        message = super().__new__(cls, text)
        message.template = str(template)
        message.params = params
        return message

    def render(self, translate, format_value):
        """The message in another language: `translate` the template, `format_value` each parameter."""
        translated = translate(self.template)
        if not self.params:
            return translated
        return translated % {k: format_value(v) for k, v in self.params.items()}


def _english(value):
    if isinstance(value, (list, tuple)):
        return ", ".join(_english(v) for v in value)
    return str(value)


def N_(template):
    """Mark a fixed text for extraction into the catalogue; it is translated where it is shown."""
    return template


def message(template, **params):
    """A field problem or error text with parameters (also marks the template for extraction)."""
    return Message(template, **params)


class DomainError(Exception):
    """A business rule refused the operation. Nothing is changed.

    `message` is a template; keyword arguments are its parameters:
    ``Conflict("wrong_status", "Only a draft can be edited; this project is %(status)s.", status=Code(s))``.
    `fields` maps field names to lists of problems (plain templates or `Message`s); `http_status`
    overrides the class's status code.
    """

    status = 422

    def __init__(self, code, message, fields=None, http_status=None, **params):
        self.message = Message(message, **params)
        super().__init__(str(self.message))
        self.code = code
        self.fields = {name: [Message(p) if not isinstance(p, Message) else p for p in problems]
                       for name, problems in (fields or {}).items()}
        if http_status is not None:
            self.status = http_status

    def to_dict(self):
        return {"error": {"code": self.code, "message": str(self.message),
                          "fields": {k: [str(p) for p in v] for k, v in self.fields.items()}}}


class BadRequest(DomainError):
    status = 400


class NotAuthenticated(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404

    def __init__(self, code="not_found", message="Not found.", **params):
        super().__init__(code, message, **params)


class Conflict(DomainError):
    status = 409


class ValidationFailed(DomainError):
    """Input fields broke their rules: 422 with per-field problems."""

    def __init__(self, fields, message="Some fields are invalid.", code="validation_failed", **params):
        super().__init__(code, message, fields, **params)
