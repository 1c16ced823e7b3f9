"""Exceptions raised by diplomatic-kg; all derive from :class:`KGError`."""


class KGError(Exception):
    """Base class of every error diplomatic-kg raises on purpose."""


class InputError(KGError):
    """An input could not be read, extracted or stored as an article; the message names it."""


class StoreError(KGError):
    """The store could not be opened, read or written."""


class StoreUnavailable(StoreError):
    """The store cannot take any more writes (gone, disk full): a build stops here."""


class QueryError(KGError):
    """A SPARQL query was malformed or failed."""
