"""Exceptions raised by diplomatic-kg; all derive from :class:`KGError`."""


class KGError(Exception):
    """Base class of every error diplomatic-kg raises on purpose."""


class InputError(KGError):
    """An input file could not be read as an article; the message names the file."""


class StoreError(KGError):
    """The store could not be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query was malformed or failed."""
