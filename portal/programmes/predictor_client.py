"""The one HTTP client of the predictor API (docs/api.md is the contract it is coded against).

Every call has a timeout (`MERCREDI_API_TIMEOUT_S`, 5 s by default) and answers typed results or
raises `PredictorUnavailableError` (down, slow, no model) or `PredictorRejectedError` (the API
refused what was sent, a 4xx), each with a French message the pages show as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final, Self, TypeVar

import httpx
from django.conf import settings
from pydantic import BaseModel, ConfigDict, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)

ACTUALS_PER_REQUEST: Final = 2000
"""The API's limit of film ids per `POST /v1/actuals` (docs/api.md)."""


class _ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Reason(_ApiModel):
    """One of the top multiplicative effects on a film's admissions (label in French)."""

    feature: str
    label: str
    factor: float


class FilmPrediction(_ApiModel):
    """The national first-week admissions of one film, P10/P50/P90, and the cinema's audience."""

    film_id: str
    title: str
    release_date: dt.date | None = None
    distributor: str | None = None
    genre: str | None = None
    nationality: str | None = None
    copies: int | None = None
    p10: float
    p50: float
    p90: float
    expected_audience: float
    reasons: list[Reason] = []
    actual_admissions: float | None = None


class WeekCandidates(_ApiModel):
    """`GET /v1/weeks/{wednesday}`: the films of one Wednesday, predicted."""

    wednesday: dt.date
    replay: bool
    model_version: str | None = None
    as_of: dt.date | None = None
    candidates: list[FilmPrediction]


class Weeks(_ApiModel):
    """`GET /v1/weeks?replayable=true`: the replayable Wednesdays, the coming one and the range
    of weeks the API answers."""

    wednesdays: list[dt.date] = []
    next_wednesday: dt.date | None = None
    first_wednesday: dt.date | None = None
    last_wednesday: dt.date | None = None

    def out_of_range(self, wednesday: dt.date) -> str | None:
        """Why the API would refuse `wednesday`, in French (None when it is in its range)."""
        first, last = self.first_wednesday, self.last_wednesday
        if first is None or last is None or first <= wednesday <= last:
            return None
        return (
            f"Le service de prévision propose les mercredis du {first:%d/%m/%Y} au "
            f"{last:%d/%m/%Y} (l'historique avant, les sorties annoncées au plus deux ans à "
            "l'avance) : choisissez-en un dans cette plage."
        )


class Day(_ApiModel):
    """One day of one room: expected audience, capacity, receipts, fill rate."""

    day: str
    date: dt.date | None = None
    audience: float
    capacity: int
    receipts: float
    fill_rate: float


class Slot(_ApiModel):
    """One room of a proposed programme (a dark room has no film)."""

    room: str
    seats: int
    shows_per_day: int = 1
    film_id: str | None = None
    title: str | None = None
    locked: bool = False
    p10: float | None = None
    p50: float | None = None
    p90: float | None = None
    potential_audience: float = 0.0
    expected_audience: float = 0.0
    expected_receipts: float = 0.0
    p10_receipts: float = 0.0
    days: list[Day] = []


class ProfitAndLoss(_ApiModel):
    """The week's P&L (result as in the brief and the net result, break-evens)."""

    receipts: float
    fixed_costs: float
    result: float
    vat: float
    receipts_excl_vat: float
    tsa: float
    net_receipts: float
    film_rental: float
    net_result: float
    break_even_receipts: float
    break_even_receipts_net: float
    covers_costs: bool


class Programme(_ApiModel):
    """The slots of a programme and its receipts."""

    slots: list[Slot]
    expected_receipts: float
    p10_receipts: float = 0.0
    p50_receipts: float = 0.0


class Alternative(Programme):
    """One of the next-best programmes, with its P&L."""

    pnl: ProfitAndLoss | None = None


class HindsightSlot(_ApiModel):
    """A room of the best programme in hindsight."""

    room: str
    film_id: str | None = None
    title: str | None = None
    actual_admissions: float | None = None


class Hindsight(_ApiModel):
    """In a replay: what the proposal and the best programme would really have earned."""

    best_receipts: float
    programme_receipts: float
    capture: float | None = None
    best_slots: list[HindsightSlot] = []


class ProgrammeProposal(_ApiModel):
    """`POST /v1/programmes`: the candidates, the proposed programme, its P&L, alternatives."""

    wednesday: dt.date
    replay: bool
    model_version: str | None = None
    candidates: list[FilmPrediction]
    programme: Programme
    pnl: ProfitAndLoss
    pnl_p10: ProfitAndLoss | None = None
    pnl_p50: ProfitAndLoss | None = None
    alternatives: list[Alternative] = []
    hindsight: Hindsight | None = None
    chosen_by: str = "model"
    """Which rule chose the programme: "model", or "ranking without copies" (no film of the
    week has copies: the API's ranking model ordered them)."""


class LearnedRules(_ApiModel):
    """`POST /v1/rules/learned`: the weekday profile and audience share the attendance teaches."""

    weekday_profile: list[float]
    audience_share: float | None = None
    weeks: int
    first_wednesday: dt.date
    last_wednesday: dt.date
    incomplete_weeks: int = 0
    films: int = 0
    films_without_actuals: int = 0


class FilmActual(_ApiModel):
    """A film's real national first-week admissions, from the warehouse's history."""

    film_id: str
    title: str
    release_date: dt.date
    admissions: float


class NationalActuals(_ApiModel):
    """`POST /v1/actuals`: the films the history knows, and the ids it does not know (yet)."""

    actuals: list[FilmActual]
    unknown: list[str] = []

    def by_film(self) -> dict[str, float]:
        """Film id -> real national first-week admissions."""
        return {film.film_id: film.admissions for film in self.actuals}


class Health(_ApiModel):
    """`GET /v1/health`."""

    status: str
    reasons: list[str] = []


class PredictorError(Exception):
    """The API could not give an answer; `message` is French, for the manager."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class PredictorUnavailableError(PredictorError):
    """The API is down, too slow, or has no model."""


class PredictorRejectedError(PredictorError):
    """The API refused the request (4xx): the detail says which value and why."""


class PredictorClient:
    """Calls the predictor API with the token and a timeout; typed answers or French errors."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout_s: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        # Without a token no header is sent: the API's 401 then says what is missing.
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"} if token.strip() else {},
            timeout=timeout_s,
            transport=transport,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise PredictorUnavailableError(
                "Le service de prévision ne répond pas à temps (plus de "
                f"{self._client.timeout.read:.0f} s).",
                str(error),
            ) from error
        except httpx.HTTPError as error:
            raise PredictorUnavailableError(
                "Le service de prévision est injoignable.", str(error)
            ) from error
        if response.status_code >= 500:
            detail = _detail(response)
            message = (
                "Le service de prévision n'a pas encore de modèle entraîné."
                if response.status_code == 503
                else "Le service de prévision a rencontré une erreur."
            )
            raise PredictorUnavailableError(message, detail)
        if response.status_code in (401, 403):
            raise PredictorUnavailableError(
                "Le portail n'est pas autorisé par le service de prévision "
                "(jeton MERCREDI_API_TOKEN).",
                _detail(response),
            )
        if response.status_code >= 400:
            detail = _detail(response)
            raise PredictorRejectedError(
                f"Le service de prévision a refusé la demande : {detail}", detail
            )
        try:
            return response.json()
        except ValueError as error:
            raise PredictorUnavailableError(
                "Le service de prévision a renvoyé une réponse illisible.", str(error)
            ) from error

    def _parse(self, model: type[ModelT], payload: Any) -> ModelT:
        try:
            return model.model_validate(payload)
        except ValidationError as error:
            raise PredictorUnavailableError(
                "Le service de prévision a renvoyé une réponse inattendue.", str(error)
            ) from error

    def health(self) -> Health:
        """`GET /v1/health`."""
        return self._parse(Health, self._call("GET", "/v1/health"))

    def weeks(self) -> Weeks:
        """The replayable Wednesdays (for the date picker) and the coming Wednesday."""
        return self._parse(Weeks, self._call("GET", "/v1/weeks", params={"replayable": "true"}))

    def week(self, wednesday: dt.date) -> WeekCandidates:
        """The films of one Wednesday, predicted (a replay for a past week)."""
        return self._parse(WeekCandidates, self._call("GET", f"/v1/weeks/{wednesday.isoformat()}"))

    def programme(self, request: dict[str, Any]) -> ProgrammeProposal:
        """`POST /v1/programmes` with the body of docs/api.md."""
        return self._parse(ProgrammeProposal, self._call("POST", "/v1/programmes", json=request))

    def learned_rules(self, attendance: list[dict[str, Any]]) -> LearnedRules:
        """`POST /v1/rules/learned` with the cinema's daily attendance (film_id, room, date,
        admissions per screening and day); PredictorRejectedError under four complete weeks."""
        body = {"attendance": attendance}
        return self._parse(LearnedRules, self._call("POST", "/v1/rules/learned", json=body))

    def national_actuals(self, film_ids: Sequence[str]) -> NationalActuals:
        """`POST /v1/actuals`: the real national first-week admissions of the films, looked up
        in the warehouse's history (no replay); ids it does not know come back in `unknown`.
        Each id is asked once, `ACTUALS_PER_REQUEST` at a time (one request up to 2,000)."""
        asked = list(dict.fromkeys(film_ids))
        actuals: list[FilmActual] = []
        unknown: list[str] = []
        for start in range(0, len(asked), ACTUALS_PER_REQUEST):
            body = {"film_ids": asked[start : start + ACTUALS_PER_REQUEST]}
            answer = self._parse(NationalActuals, self._call("POST", "/v1/actuals", json=body))
            actuals += answer.actuals
            unknown += answer.unknown
        return NationalActuals(actuals=actuals, unknown=unknown)


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    detail = body.get("detail") if isinstance(body, dict) else body
    if isinstance(detail, list):
        return "; ".join(
            f"{'.'.join(str(part) for part in item.get('loc', []))}: {item.get('msg', '')}"
            if isinstance(item, dict)
            else str(item)
            for item in detail
        )
    return str(detail)[:300]


HEALTH_CACHE_KEY = "mercredi:predictor-health"
HEALTH_TTL_S = 30
"""How long a page trusts the last health answer (an answer or a failure) before asking again."""


def predictor_status() -> str | None:
    """None when the API is up and healthy, else the French sentence of the pages' banner.

    The answer is kept `HEALTH_TTL_S` seconds in Django's cache, so a busy page does not wait
    on the API (nor on its timeout when it is down) at every view.
    """
    from django.core.cache import cache

    cached: str | None = cache.get(HEALTH_CACHE_KEY)
    if cached is not None:
        return cached or None
    try:
        with get_predictor_client() as client:
            health = client.health()
    except PredictorError as error:
        status = error.message
    else:
        status = (
            ""
            if health.status == "ok"
            else "Le service de prévision fonctionne en mode dégradé (modèle ou entrepôt de "
            "données manquant) : les nouvelles propositions peuvent échouer."
        )
    cache.set(HEALTH_CACHE_KEY, status, HEALTH_TTL_S)
    return status or None


def get_predictor_client() -> PredictorClient:
    """A client configured from the Django settings (URL, token, timeout)."""
    return PredictorClient(
        settings.MERCREDI_API_URL,
        settings.MERCREDI_API_TOKEN,
        timeout_s=settings.MERCREDI_API_TIMEOUT_S,
    )
