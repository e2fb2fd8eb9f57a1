"""One exception type per kind of user error. The CLI turns each into one line and an exit code."""


class KGError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1


class InputError(KGError):
    """An article file or stream cannot be read as an article."""


class UsageError(InputError):
    """The command names something that is not there (a missing file): exit code 2, like a usage error."""

    exit_code = 2


class ModelError(KGError):
    """The requested spaCy pipeline is not installed."""


class QueryError(KGError):
    """A SPARQL question is malformed, unknown or not allowed."""


class QueryRefused(QueryError):
    """A question that would change the graph (SPARQL Update) or reach the network (SERVICE): `kg serve`
    answers 403."""


class UnknownQuestion(QueryError):
    """No question of the library has this name: `kg serve` answers 404."""


class QueryLimit(QueryError):
    """A question stopped at a bound it was given (time, memory, answer size) or refused while the server is
    busy: `kg serve` answers 503."""


class OutputError(KGError):
    """An output location cannot be written."""
