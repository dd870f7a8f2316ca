"""Read a JP's Box-Office film page (`fichfilm.php?id=N&view=2`).

The parser extracts the facts as printed; the pipelines turn them into numbers. The page does not
print the film's release date in France, only its year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from parsel import Selector

from crawlers.values import clean_text

_YEAR: Final = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RUNTIME: Final = re.compile(r"\d+\s*h\s*\d*\s*(?:min)?|\d+\s*min", re.IGNORECASE)
_FILM_ID: Final = re.compile(r"fichfilm\.php\?(?:.*&)?id=(\d+)")


@dataclass(frozen=True)
class FilmPage:
    """The facts of a film page, as printed (None where the page prints nothing)."""

    film_id: str | None
    title: str
    original_title: str | None
    director: str | None
    year: str | None
    nationality: str | None
    runtime: str | None
    genre: str | None
    budget: str | None
    franchise: str | None
    first_week_admissions: str | None
    total_admissions: str | None
    first_week_admissions_paris: str | None
    total_admissions_paris: str | None

    @property
    def has_box_office(self) -> bool:
        """Whether the page has a French box-office block with a first week."""
        return self.first_week_admissions is not None


def parse_film_page(page: Selector) -> FilmPage | None:
    """The film's facts, or None when the page has no film title (not a film page)."""
    header = page.xpath("//td[contains(concat(' ', @class, ' '), ' texte_2022titre ')]")
    if not header:
        return None
    title = _text(header[0].xpath("./h1"))
    if title is None:
        return None
    facts_line = header[0].xpath("./h3")
    facts_texts = [clean_text(text) for text in facts_line.xpath("./text()").getall()]
    year = next((m.group(1) for text in facts_texts if (m := _YEAR.search(text))), None)
    runtime = next((m.group(0) for text in facts_texts if (m := _RUNTIME.search(text))), None)
    france = _france_box_office(page)
    return FilmPage(
        film_id=_film_id(page),
        title=title,
        original_title=_text(header[0].xpath("./h2")),
        director=_text(header[0].xpath("./h4//a")) or _text(header[0].xpath("./h4")),
        year=year,
        nationality=_text(facts_line.xpath(".//a[contains(@href, 'fichepays.php')]")[:1]),
        runtime=runtime,
        genre=_text(facts_line.xpath(".//a[contains(@href, 'fichgenres.php')]")[:1]),
        budget=_labelled_value(page, "Budget"),
        franchise=_text(
            page.xpath("//div[@id='nav2']//a[contains(@href, 'fichefranchise.php')]")[:1]
        ),
        first_week_admissions=france.get("Démarrage"),
        total_admissions=france.get("Entrées"),
        first_week_admissions_paris=france.get("Démarrage Paris"),
        total_admissions_paris=france.get("Entrées Paris"),
    )


def _france_box_office(page: Selector) -> dict[str, str]:
    """Label -> value of the French admissions block (the table under the French flag)."""
    tables = page.xpath(
        "//table[contains(concat(' ', @class, ' '), ' tablesmall1b ')]"
        "[.//img[contains(@src, 'franceflag')]]"
    )
    values: dict[str, str] = {}
    for line in tables[:1].xpath(".//tr[count(td) = 2]"):
        label = _text(line.xpath("./td[1]"))
        value = _text(line.xpath("./td[2]"))
        if label and value and label not in values:
            values[label] = value
    return values


def _labelled_value(page: Selector, label: str) -> str | None:
    for line in page.xpath("//table[contains(concat(' ', @class, ' '), ' tablesmall1b ')]//tr"):
        if _text(line.xpath("./td[1]")) == label:
            return _text(line.xpath("./td[2]"))
    return None


def _film_id(page: Selector) -> str | None:
    for href in page.xpath("//div[@id='nav2']//a/@href").getall():
        if match := _FILM_ID.search(href):
            return match.group(1)
    return None


def _text(nodes: Sequence[Selector]) -> str | None:
    """The folded text of the first node, or None when there is none or it is blank."""
    if not nodes:
        return None
    text = clean_text(" ".join(nodes[0].xpath(".//text()").getall()))
    return text or None
