"""`mercredi crawl ...`: fetch charts, film pages and announced releases into the landing zone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from crawlers.manifest import RUNS_FOLDER
from landing.cli_errors import date_option, job_failed, usage_error

if TYPE_CHECKING:
    from crawlers.run import CrawlResult

app = typer.Typer(help="Crawl the sources into the landing zone.", no_args_is_help=True)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in sorted(counts.items())) or "nothing"


def _report(result: CrawlResult) -> None:
    log = f"the log {result.log_file}" if result.log_file is not None else "the log"
    if result.manifest is None:
        raise job_failed(
            f"run {result.run_id}: the crawl stopped before writing its manifest (see {log})"
        )
    for file in result.manifest["files"]:
        typer.echo(f"{file['path']}: {file['records']} records")
    typer.echo(f"run {result.run_id}: wrote {_counts(result.written)}")
    if result.dropped:
        typer.echo(f"dropped {_counts(result.dropped)} (reasons in {log} and the run manifest)")
    failed = result.manifest["stats"].get("mercredi/failed_pages", 0)
    if failed:
        typer.echo(f"{failed} pages could not be fetched (see {log} and the run manifest)")
    if not result.written and (failed or result.manifest["errors"]):
        causes = ", ".join(
            f"{key.split('/', 1)[-1]} x{count}" for key, count in result.manifest["errors"].items()
        )
        raise job_failed(
            f"run {result.run_id} wrote nothing: {causes or f'{failed} pages not fetched'} "
            f"(a site down or no network? details in {log} and the run manifest "
            f"{RUNS_FOLDER}/{result.run_id}.json of the landing folder)"
        )


@app.command()
def boxoffice(
    week: Annotated[
        dt.date | None,
        typer.Option(
            "--week", parser=date_option, metavar="YYYY-MM-DD", help="The week's Wednesday."
        ),
    ] = None,
    first: Annotated[
        dt.date | None,
        typer.Option(
            "--from", parser=date_option, metavar="YYYY-MM-DD", help="A range's first Wednesday."
        ),
    ] = None,
    last: Annotated[
        dt.date | None,
        typer.Option(
            "--to", parser=date_option, metavar="YYYY-MM-DD", help="A range's last Wednesday."
        ),
    ] = None,
) -> None:
    """JP's Box-Office weekly charts of one week (--week) or of a range (--from and --to)."""
    from crawlers.run import CrawlArgumentError, crawl_boxoffice

    try:
        result = crawl_boxoffice(week=week, first=first, last=last)
    except CrawlArgumentError as error:
        raise usage_error(str(error)) from None
    _report(result)


@app.command()
def films(
    ids: Annotated[
        list[str],
        typer.Option(
            "--ids",
            metavar="ID[=YYYY-MM-DD]",
            help="Film ids, each with its French release date if known; commas allowed. "
            "Without a date, the date of the film's weeks already crawled is used.",
        ),
    ],
) -> None:
    """JP's Box-Office film pages (they print no release date: give it with --ids)."""
    from crawlers.run import CrawlArgumentError, crawl_films, parse_film_ids

    try:
        result = crawl_films(films=parse_film_ids(ids))
    except CrawlArgumentError as error:
        raise usage_error(str(error)) from None
    _report(result)


@app.command()
def releases(
    wednesday: Annotated[
        dt.date,
        typer.Option(
            "--wednesday",
            parser=date_option,
            metavar="YYYY-MM-DD",
            help="The Wednesday the films are released.",
        ),
    ],
) -> None:
    """The films TMDB announces for release in France in the week of a Wednesday (needs
    MERCREDI_TMDB_API_KEY)."""
    from crawlers.run import CrawlArgumentError, crawl_releases

    try:
        result = crawl_releases(wednesday=wednesday)
    except CrawlArgumentError as error:
        raise usage_error(str(error)) from None
    _report(result)
