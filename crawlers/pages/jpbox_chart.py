"""Read JP's Box-Office weekly France chart (`v9_tophebdo.php?idsem=N&view=2`).

The parser extracts the text of each row as printed; the pipelines turn it into numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from parsel import Selector

from crawlers.values import clean_text

_FILM_ID: Final = re.compile(r"fichfilm\.php\?(?:.*&)?id=(\d+)")
_RUNTIME_LIKE: Final = re.compile(r"^\d+\s*h\s*\d*\s*(?:min)?$|^\d+\s*min$", re.IGNORECASE)
# The data cells after the title cell, in the chart's column order.
_DATA_COLUMNS: Final = (
    "week_number",
    "admissions",
    "evolution",
    "copies",
    "average",
    "cumulative_admissions",
    "market_share",
)


@dataclass(frozen=True)
class ChartRow:
    """One row of the weekly chart, as printed (None where the page prints nothing)."""

    rank: str | None
    film_id: str | None
    film_href: str | None
    title: str | None
    original_title: str | None
    distributor: str | None
    nationality: str | None
    genre: str | None
    runtime: str | None
    week_number: str | None
    admissions: str | None
    copies: str | None
    average: str | None
    cumulative_admissions: str | None
    market_share: str | None
    is_new: bool


@dataclass(frozen=True)
class Chart:
    """The rows of a chart page, and how many row-like lines could not be read at all."""

    rows: list[ChartRow]
    unreadable_rows: int


def parse_chart(page: Selector) -> Chart | None:
    """The chart's rows, or None when the page holds no chart table at all."""
    lines = page.xpath("//tr[td[contains(concat(' ', @class, ' '), ' col_poster_titre ')]]")
    if not lines:
        return None
    rows: list[ChartRow] = []
    unreadable = 0
    for line in lines:
        row = _parse_row(line)
        if row is None:
            unreadable += 1
        else:
            rows.append(row)
    return Chart(rows=rows, unreadable_rows=unreadable)


def _parse_row(line: Selector) -> ChartRow | None:
    title_cell = line.xpath("./td[contains(concat(' ', @class, ' '), ' col_poster_titre ')]")[0]
    data_cells = line.xpath(
        "./td[contains(concat(' ', @class, ' '), ' col_poster_contenu_majeur ')]"
    )
    link = title_cell.xpath(".//a[contains(@href, 'fichfilm.php')]")
    if not link or len(data_cells) < len(_DATA_COLUMNS):
        return None
    href = link[0].attrib.get("href", "")
    film_id = _FILM_ID.search(href)
    facts = _title_cell_facts(title_cell)
    values = {
        name: _first_text(cell) for name, cell in zip(_DATA_COLUMNS, data_cells, strict=False)
    }
    classes = " ".join(line.xpath("./td/@class").getall())
    return ChartRow(
        rank=_blank_to_none(
            clean_text(" ".join(line.xpath(".//div[@class='compteur']//text()").getall()))
        ),
        film_id=film_id.group(1) if film_id else None,
        film_href=href or None,
        title=_blank_to_none(clean_text(" ".join(link[0].xpath(".//text()").getall()))),
        original_title=facts["original_title"],
        distributor=facts["distributor"],
        nationality=facts["nationality"],
        genre=facts["genre"],
        runtime=facts["runtime"],
        week_number=values["week_number"],
        admissions=values["admissions"],
        copies=values["copies"],
        average=values["average"],
        cumulative_admissions=values["cumulative_admissions"],
        market_share=values["market_share"],
        is_new="cellulejaune" in classes.split(),
    )


def _title_cell_facts(cell: Selector) -> dict[str, str | None]:
    """Original title, (distributor) and 'nationality / genre / runtime' below the title link."""
    texts = [clean_text(text) for text in cell.xpath("./text()").getall()]
    texts = [text for text in texts if text]
    facts: dict[str, str | None] = dict.fromkeys(
        ("original_title", "distributor", "nationality", "genre", "runtime")
    )
    before_distributor: list[str] = []
    for text in texts:
        if text.startswith("(") and text.endswith(")") and facts["distributor"] is None:
            facts["distributor"] = _blank_to_none(text[1:-1].strip())
        elif " / " in text or _RUNTIME_LIKE.match(text):
            parts = [part.strip() for part in text.split(" / ")]
            if parts and _RUNTIME_LIKE.match(parts[-1]):
                facts["runtime"] = parts.pop()
            if parts:
                facts["nationality"] = _blank_to_none(parts[0])
            if len(parts) > 1:
                facts["genre"] = _blank_to_none(" / ".join(parts[1:]))
        elif facts["distributor"] is None:
            before_distributor.append(text)
    facts["original_title"] = _blank_to_none(" ".join(before_distributor))
    return facts


def _first_text(cell: Selector) -> str | None:
    for text in cell.xpath("./text()").getall():
        if cleaned := clean_text(text):
            return cleaned
    return None


def _blank_to_none(text: str | None) -> str | None:
    return text if text else None
