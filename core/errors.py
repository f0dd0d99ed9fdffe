"""Domain errors with a code; the API renders them as JSON, the pages as form messages."""


class DomainError(Exception):
    """A business rule refused the operation. Nothing is changed."""

    status = 422

    def __init__(self, code, message, fields=None, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def to_dict(self):
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class BadRequest(DomainError):
    status = 400


class NotAuthenticated(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404

    def __init__(self, message="Not found.", code="not_found"):
        super().__init__(code, message)


class Conflict(DomainError):
    status = 409


class ValidationFailed(DomainError):
    """Input fields broke their rules: 422 with per-field problems."""

    def __init__(self, fields, message="Some fields are invalid.", code="validation_failed"):
        super().__init__(code, message, fields)
