"""`mercredi crawl ...`: fetch charts, film pages and announced releases into the landing zone."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from crawlers.run import (
    CrawlArgumentError,
    CrawlResult,
    crawl_boxoffice,
    crawl_films,
    crawl_releases,
    parse_film_ids,
)

app = typer.Typer(help="Crawl the sources into the landing zone.", no_args_is_help=True)

DATE_FORMATS = ["%Y-%m-%d"]


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in sorted(counts.items())) or "nothing"


def _report(result: CrawlResult) -> None:
    if result.manifest is None:
        typer.echo(f"run {result.run_id}: the crawl stopped before writing its manifest", err=True)
        raise typer.Exit(code=1)
    for file in result.manifest["files"]:
        typer.echo(f"{file['path']}: {file['records']} records")
    typer.echo(f"run {result.run_id}: wrote {_counts(result.written)}")
    if result.dropped:
        typer.echo(f"dropped {_counts(result.dropped)} (reasons in the log and the run manifest)")
    failed = result.manifest["stats"].get("mercredi/failed_pages", 0)
    if failed:
        typer.echo(f"{failed} pages could not be fetched (see the log and the run manifest)")
    if not result.written and (failed or result.manifest["errors"]):
        typer.echo(f"run {result.run_id} wrote nothing: failed", err=True)
        raise typer.Exit(code=1)


def _fail(error: CrawlArgumentError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=2)


@app.command()
def boxoffice(
    week: Annotated[
        dt.datetime | None,
        typer.Option("--week", formats=DATE_FORMATS, help="a Wednesday, YYYY-MM-DD"),
    ] = None,
    first: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=DATE_FORMATS, help="first Wednesday of a range"),
    ] = None,
    last: Annotated[
        dt.datetime | None,
        typer.Option("--to", formats=DATE_FORMATS, help="last Wednesday of a range"),
    ] = None,
) -> None:
    """JP's Box-Office weekly charts of one week or a range of weeks (backfill)."""
    try:
        result = crawl_boxoffice(week=_day(week), first=_day(first), last=_day(last))
    except CrawlArgumentError as error:
        raise _fail(error) from None
    _report(result)


@app.command()
def films(
    ids: Annotated[
        list[str],
        typer.Option(
            "--ids",
            help="film ids, 'ID' or 'ID=YYYY-MM-DD' (French release date), commas allowed; "
            "without a date, the date of the film's weeks already crawled is used",
        ),
    ],
) -> None:
    """JP's Box-Office film pages (they print no release date: see --ids)."""
    try:
        result = crawl_films(films=parse_film_ids(ids))
    except CrawlArgumentError as error:
        raise _fail(error) from None
    _report(result)


@app.command()
def releases(
    wednesday: Annotated[dt.datetime, typer.Option("--wednesday", formats=DATE_FORMATS)],
) -> None:
    """The films TMDB announces for release in France in the week of a Wednesday."""
    try:
        result = crawl_releases(wednesday=wednesday.date())
    except CrawlArgumentError as error:
        raise _fail(error) from None
    _report(result)
