"""The three landing kinds: `films`, `weeks` and `releases`.

The shapes of `films` and `weeks` are those of the seed history
(`jpbox-history/films.jsonl` and `first_weeks.jsonl`); a `releases` record is a `films` record plus
`planned_copies`. Crawlers validate what they write with these models, the warehouse validates
what it reads with the same ones: this module is the one source of truth of the landing shape.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from landing.ranges import CAST_LIMITS, INT_RANGES, TEXT_LIMITS, date_problem

LandingKind = Literal["films", "weeks", "releases"]
LANDING_KINDS: Final[tuple[LandingKind, ...]] = ("films", "weeks", "releases")

BYTE_ORDER_MARK: Final = b"\xef\xbb\xbf"


def _whole(name: str) -> Any:
    bounds = INT_RANGES[name]
    return Field(ge=bounds.low, le=bounds.high)


def _text(name: str, *, min_length: int = 0) -> Any:
    return Field(min_length=min_length, max_length=TEXT_LIMITS[name])


_CastName = Annotated[str, Field(max_length=CAST_LIMITS[1])]


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    source: Annotated[str, _text("source", min_length=1)]
    source_id: Annotated[StrictInt, _whole("source_id")] | None = None
    title: Annotated[str, _text("title", min_length=1)]
    release_date: dt.date = Field(json_schema_extra={"format": "YYYY-MM-DD"})


class FilmRecord(_Record):
    """Facts of one film as a source knows them before its release."""

    url: Annotated[str, _text("url")] | None = None
    original_title: Annotated[str, _text("original_title")] | None = None
    genre: Annotated[str, _text("genre")] | None = None
    nationality: Annotated[str, _text("nationality")] | None = None
    runtime_min: Annotated[StrictInt, _whole("runtime_min")] | None = None
    director: Annotated[str, _text("director")] | None = None
    cast: list[_CastName] = Field(default_factory=list, max_length=CAST_LIMITS[0])
    distributor: Annotated[str, _text("distributor")] | None = None
    budget: Annotated[StrictInt, _whole("budget")] | None = None
    budget_currency: Annotated[str, _text("budget_currency")] | None = None
    age_rating: Annotated[str, _text("age_rating")] | None = None
    is_franchise: StrictBool | None = None
    is_remake: StrictBool | None = None


class WeekRecord(_Record):
    """A film's admissions and copies in one week of its run in France (week 1 = first week)."""

    week_start: dt.date
    week_number: Annotated[StrictInt, _whole("week_number")]
    admissions: Annotated[StrictInt, _whole("admissions")]
    copies: Annotated[StrictInt, _whole("copies")] | None = None


class ReleaseRecord(FilmRecord):
    """A film announced for a coming Wednesday, with its planned number of copies if known."""

    planned_copies: Annotated[StrictInt, _whole("planned_copies")] | None = None


LandingRecord = FilmRecord | WeekRecord | ReleaseRecord

RECORD_MODELS: Final[dict[LandingKind, type[FilmRecord] | type[WeekRecord]]] = {
    "films": FilmRecord,
    "weeks": WeekRecord,
    "releases": ReleaseRecord,
}


class LandingRecordError(ValueError):
    """A landing record that breaks the contract.

    `reason` is a stable code (one of QUARANTINE_REASONS) and the message names the field and
    the value at fault.
    """

    def __init__(self, reason: QuarantineReason, detail: str) -> None:
        super().__init__(detail)
        self.reason: QuarantineReason = reason
        self.detail = detail


QuarantineReason = Literal[
    "not_utf8",
    "invalid_json",
    "truncated_line",
    "not_an_object",
    "missing_field",
    "wrong_type",
    "impossible_value",
]
QUARANTINE_REASONS: Final[tuple[QuarantineReason, ...]] = get_args(QuarantineReason)

_IMPOSSIBLE_VALUE_ERRORS: Final = frozenset(
    {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "string_too_short",
        "string_too_long",
        "too_long",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    }
)


def parse_line(kind: LandingKind, raw: bytes, *, today: dt.date | None = None) -> LandingRecord:
    """Decode, parse and validate one landing line (without its newline) as a record of `kind`.

    Raises LandingRecordError whose `reason` tells what is wrong: bytes that are not UTF-8, text
    that is not JSON (or is cut short), a value that is not an object, a missing field, a field of
    the wrong type or an impossible value (outside its range in `landing.ranges`, such as a
    release date more than two years after `today`, default the current date). A UTF-8
    byte-order mark before the record (an editor's, at the start of a file) is ignored.
    """
    raw = raw.removeprefix(BYTE_ORDER_MARK)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LandingRecordError(
            "not_utf8",
            f"byte {error.start} is not UTF-8 ({error.reason}); re-save the file as UTF-8",
        ) from None
    try:
        record = RECORD_MODELS[kind].model_validate_json(text)
    except ValidationError as error:
        raise _from_validation_error(kind, error) from None
    _check_dates(record, today=today)
    return record


def validate_record(
    kind: LandingKind, data: dict[str, Any], *, today: dt.date | None = None
) -> LandingRecord:
    """Validate one record given as a Python dict (what a crawler is about to write)."""
    return parse_line(kind, json.dumps(data, ensure_ascii=False).encode("utf-8"), today=today)


def _check_dates(record: LandingRecord, *, today: dt.date | None) -> None:
    _date_in_range("release_date", record.release_date, today=today)
    if isinstance(record, WeekRecord):
        _date_in_range("week_start", record.week_start, today=today)
        if record.week_start < record.release_date:
            raise LandingRecordError(
                "impossible_value",
                f"week_start {record.week_start} is before release_date {record.release_date}",
            )


def _date_in_range(name: str, value: dt.date, *, today: dt.date | None) -> None:
    problem = date_problem(name, value, today=today)
    if problem is not None:
        raise LandingRecordError("impossible_value", problem)


def _from_validation_error(kind: LandingKind, error: ValidationError) -> LandingRecordError:
    items = error.errors(include_url=False)
    first = items[0]
    if first["type"] == "json_invalid":
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        reason: QuarantineReason = "truncated_line" if "EOF" in message else "invalid_json"
        return LandingRecordError(reason, f"not valid JSON: {message}")
    if first["type"] == "model_type":
        return LandingRecordError("not_an_object", f"a {kind} record must be a JSON object")
    parts = []
    for item in items:
        field = ".".join(str(p) for p in item["loc"]) or "record"
        shown = repr(item.get("input")) if not isinstance(item.get("input"), dict) else "{...}"
        if len(shown) > 60:
            shown = shown[:57] + "..."
        parts.append(
            f"{field}: {item['msg']}"
            if item["type"] == "missing"
            else f"{field} {shown}: {item['msg']}"
        )
    if first["type"] == "missing":
        reason = "missing_field"
    elif first["type"] in _IMPOSSIBLE_VALUE_ERRORS:
        reason = "impossible_value"
    else:
        reason = "wrong_type"
    return LandingRecordError(reason, "; ".join(parts))
