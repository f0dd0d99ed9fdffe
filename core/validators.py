"""marshmallow's validators, with errors as `Message`s (template + parameters) so pages can
translate them; import this module in place of `marshmallow.validate`."""
import re

from marshmallow.validate import *  # noqa: F401,F403  (the validators that need no change)
from marshmallow import validate as _validate

from core.errors import Code, Message


def _template(text):
    """marshmallow's "{min}" placeholders as the catalogue's "%(min)s"."""
    return re.sub(r"\{(\w+)\}", r"%(\1)s", text.replace("%", "%%"))


class Length(_validate.Length):
    def _format_error(self, value, message):
        return Message(_template(self.error or message), min=self.min, max=self.max, equal=self.equal)


class Range(_validate.Range):
    def _format_error(self, value, message):
        return Message(_template(self.error or message), min=self.min, max=self.max)


class OneOf(_validate.OneOf):
    def _format_error(self, value):
        return Message(_template(self.error), choices=[Code(str(c)) for c in self.choices])


class Regexp(_validate.Regexp):
    def _format_error(self, value):
        return Message(self.error)
