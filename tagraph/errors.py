"""The exceptions tagraph raises, all under :class:`TagraphError`.

The command line turns each into a one-line message; nothing here is meant to
reach a user as a traceback.
"""


class TagraphError(Exception):
    """Base class of every error tagraph raises on purpose."""


class ConfigError(TagraphError):
    """A setting has a value tagraph cannot use."""


class ServerError(TagraphError):
    """The local Neo4j server cannot be installed, started, stopped or reached."""


class ConnectionFailed(TagraphError):
    """No Neo4j server answers at the configured address, or it refused us."""


class QueryTimedOut(TagraphError):
    """The server ended a query that ran longer than its timeout."""


class ValidationFailed(TagraphError):
    """A dataset has problems; nothing was written.

    ``problems`` holds every problem found, each already formatted as
    ``file:row: column: what was wrong and what was expected``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"the dataset has {count} {noun}; nothing was written")


class UnknownQuery(TagraphError):
    """A saved query, parameter or parameter value does not exist."""


class AccessDenied(TagraphError):
    """The signed-in user may not see or change what was asked for."""


class NotFound(TagraphError):
    """A State, need, programme or other node named by the user is not there."""
