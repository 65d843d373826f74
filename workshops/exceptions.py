"""Refusals raised by services. They know nothing of Flask: a view turns them into a status and a message."""


class DomainError(Exception):
    """A business rule refused the change; `field` names the form field the message belongs next to."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(DomainError):
    """The change clashes with what is already recorded (a duplicate, a second enrolment)."""

    status = 409


class NotPermitted(DomainError):
    """The actor's role or scope does not allow this change."""

    status = 403
