"""The state a government publisher speaks for, from the address of its page.

A government's press release names its own officials by title alone ("Spokesperson Ned
Price", "Special Envoy Lenderking"): the state is the publisher's. Official domains say
whose they are: a second-level ``gov``, ``gouv``, ``gob``, ``go`` or ``govt`` under a
country code (``president.gov.ua``, ``mea.gov.in``, ``mofa.go.jp``), and the US federal
``.gov`` and ``.mil``. Publishers whose address follows no such pattern are rows of
kg/data/publishers.csv, each with an example address that the tests read.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from urllib.parse import urlsplit

from kg.linking._tables import data_text

#: Second-level labels of official domains under a country code.
OFFICIAL = frozenset({"gov", "gouv", "gob", "go", "govt", "gv"})
#: Country-code top-level domains that are not the ISO 3166 code.
CCTLD = {"uk": "GB"}


def publisher_side(address: str | None, disabled: frozenset[str] = frozenset()) -> str | None:
    """The ISO3 code of the state whose government published ``address``, or None."""
    if not address or "://" not in address:
        return None
    host = (urlsplit(address).hostname or "").lower().removeprefix("www.")
    for domain, side in publisher_rows().items():
        if domain not in disabled and (host == domain or host.endswith("." + domain)):
            return side
    labels = host.split(".")
    if labels[-1] in ("gov", "mil"):
        return "USA"
    if len(labels) >= 2 and labels[-2] in OFFICIAL and len(labels[-1]) == 2:
        return _alpha3(CCTLD.get(labels[-1], labels[-1].upper()))
    return None


@cache
def _alpha3(alpha2: str) -> str | None:
    import pycountry

    record = pycountry.countries.get(alpha_2=alpha2)
    return record.alpha_3 if record is not None else None


@cache
def publisher_rows() -> dict[str, str]:
    """kg/data/publishers.csv: domain -> ISO3, for official sites no pattern covers."""
    return {row["domain"]: row["side"] for row in _rows()}


@cache
def _rows() -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(io.StringIO(data_text("publishers.csv"))))
