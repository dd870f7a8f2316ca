"""Read TMDB's API answers: `discover/movie` pages and movie details with credits and release dates.

Shapes as documented on developer.themoviedb.org (discover/movie, movie details with
`append_to_response=credits,release_dates`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

from crawlers.mappings import history_age_rating, history_genre, history_nationality

THEATRICAL: Final = 3
THEATRICAL_LIMITED: Final = 2
TOP_CAST: Final = 4
MOVIE_PAGE_URL: Final = "https://www.themoviedb.org/movie/{id}"


@dataclass(frozen=True)
class DiscoverPage:
    """The movie ids of one page of `discover/movie` and how many pages there are."""

    movie_ids: list[int]
    page: int
    total_pages: int


@dataclass(frozen=True)
class Release:
    """A film announced for release in France, as a `releases` record's fields (plus extras)."""

    fields: dict[str, Any]
    unmapped_countries: list[str] = field(default_factory=list)
    unmapped_genres: list[str] = field(default_factory=list)


def parse_discover(data: dict[str, Any]) -> DiscoverPage:
    """The ids on one `discover/movie` page; raises ValueError when it has no `results` list."""
    results = data.get("results")
    if not isinstance(results, list):
        raise ValueError("a discover/movie answer must hold a 'results' list")
    ids = [int(movie["id"]) for movie in results if isinstance(movie, dict) and "id" in movie]
    return DiscoverPage(
        movie_ids=ids, page=int(data.get("page", 1)), total_pages=int(data.get("total_pages", 1))
    )


def parse_release(details: dict[str, Any], wednesday: dt.date) -> Release:
    """The `releases` fields of one movie's details (with credits and release dates).

    The release date is TMDB's French theatrical date (else limited theatrical), else the
    Wednesday the discover query asked for. TMDB does not know the French distributor nor the
    planned number of copies: both stay None.
    """
    movie_id = int(details["id"])
    french_date, certification = _french_release(details.get("release_dates"))
    genres = [g for g in details.get("genres") or [] if isinstance(g, dict)]
    countries = list(details.get("origin_country") or []) or [
        country["iso_3166_1"]
        for country in details.get("production_countries") or []
        if isinstance(country, dict) and "iso_3166_1" in country
    ]
    nationality = history_nationality(countries, details.get("original_language"))
    genre = history_genre([int(g["id"]) for g in genres if "id" in g])
    credits = details.get("credits") or {}
    budget = details.get("budget") or None
    collection = details.get("belongs_to_collection")
    fields: dict[str, Any] = {
        "source": "tmdb",
        "source_id": movie_id,
        "url": MOVIE_PAGE_URL.format(id=movie_id),
        "title": details.get("title"),
        "original_title": details.get("original_title"),
        "release_date": (french_date or wednesday).isoformat(),
        "genre": genre,
        "nationality": nationality,
        "runtime_min": details.get("runtime") or None,
        "director": _director(credits),
        "cast": _top_cast(credits),
        "distributor": None,
        "budget": budget,
        "budget_currency": "USD" if budget else None,  # TMDB keeps budgets in US dollars
        "age_rating": history_age_rating(certification),
        "is_franchise": collection is not None,
        "is_remake": None,
        "planned_copies": None,
        "collection": collection.get("name") if isinstance(collection, dict) else None,
        "production_companies": [
            company["name"]
            for company in details.get("production_companies") or []
            if isinstance(company, dict) and company.get("name")
        ],
    }
    return Release(
        fields=fields,
        unmapped_countries=[] if nationality or not countries else countries,
        unmapped_genres=[] if genre or not genres else [str(g.get("name")) for g in genres],
    )


def _french_release(release_dates: Any) -> tuple[dt.date | None, str | None]:
    """The French theatrical date (else limited) and the first French certification given."""
    if not isinstance(release_dates, dict):
        return None, None
    for country in release_dates.get("results") or []:
        if not isinstance(country, dict) or country.get("iso_3166_1") != "FR":
            continue
        entries = [e for e in country.get("release_dates") or [] if isinstance(e, dict)]
        certification = next((e["certification"] for e in entries if e.get("certification")), None)
        for wanted in (THEATRICAL, THEATRICAL_LIMITED):
            dates = sorted(
                dt.date.fromisoformat(str(e["release_date"])[:10])
                for e in entries
                if e.get("type") == wanted and e.get("release_date")
            )
            if dates:
                return dates[0], certification
        return None, certification
    return None, None


def _director(credits: dict[str, Any]) -> str | None:
    for member in credits.get("crew") or []:
        if isinstance(member, dict) and member.get("job") == "Director" and member.get("name"):
            return str(member["name"])
    return None


def _top_cast(credits: dict[str, Any]) -> list[str]:
    cast = [c for c in credits.get("cast") or [] if isinstance(c, dict) and c.get("name")]
    cast.sort(key=lambda member: int(member.get("order", 999)))
    return [str(member["name"]) for member in cast[:TOP_CAST]]
