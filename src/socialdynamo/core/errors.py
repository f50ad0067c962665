class DomainError(Exception):
    """A business rule refused an action. ``message`` is translated and shown to the person.

    Each app subclasses it; views turn it into a form error or a message, never a 500.
    """

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self):
        return str(self.message)
