"""A small real HTTP server answering docs/api.md's shapes, for the portal's view tests.

It is NOT the predictor: it ranks the week's films by P50 to fill the rooms (honouring locks,
exclusions, copies overrides and extra films) so the portal's pages and services can be tested
without a trained model. The browser tests run against the real API (tests/portal/browser).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-token"
MAX_ACTUALS_FILMS = 2000
WEEKDAYS = ("Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday")


def film(
    film_id: str, title: str, p50: float, copies: int | None = 300, **extra: Any
) -> dict[str, Any]:
    """A candidate with a P10/P90 range whose width depends on whether copies are known."""
    spread = 1.9 if copies else 4.5
    return {
        "film_id": film_id,
        "title": title,
        "release_date": extra.pop("release_date", "2022-11-09"),
        "distributor": extra.pop("distributor", "Pathé"),
        "genre": extra.pop("genre", "Comédie"),
        "nationality": "France",
        "copies": copies,
        "p10": round(p50 / spread),
        "p50": p50,
        "p90": round(p50 * spread),
        "expected_audience": round(p50 / 2000, 1),
        "reasons": [{"feature": "copies", "label": f"{copies} copies", "factor": 2.0}],
        "actual_admissions": extra.pop("actual_admissions", None),
    }


@dataclass
class ContractApi:
    """The server's state: films per Wednesday, whether it is up, what it was sent."""

    weeks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    next_wednesday: str = "2030-01-02"
    down: bool = False
    degraded: bool = False
    delay_s: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    """Every request as `METHOD /path` (query left out), in the order received."""
    url: str = ""
    learned_share: float | None = 0.0004
    """The audience share `/v1/rules/learned` answers (None: no national actuals known)."""

    def week(self, wednesday: str) -> list[dict[str, Any]]:
        return [dict(item) for item in self.weeks.get(wednesday, [])]

    def programme(self, body: dict[str, Any]) -> dict[str, Any]:
        wednesday = body["wednesday"]
        rules = body["rules"]
        candidates = self.week(wednesday)
        overrides = {item["film_id"]: item for item in body.get("overrides") or []}
        for candidate in candidates:
            if candidate["film_id"] in overrides:
                item = overrides[candidate["film_id"]]
                candidate["distributor"] = item.get("distributor", candidate["distributor"])
                if item.get("planned_copies"):
                    replaced = film(
                        candidate["film_id"],
                        candidate["title"],
                        candidate["p50"],
                        item["planned_copies"],
                    )
                    candidate.update(
                        copies=item["planned_copies"], p10=replaced["p10"], p90=replaced["p90"]
                    )
        for index, extra in enumerate(body.get("extra_films") or []):
            candidates.append(
                film(
                    f"f-extra{index}",
                    extra["title"],
                    float(extra.get("planned_copies") or 100) * 400,
                    extra.get("planned_copies"),
                )
            )
        excluded = set(body.get("exclusions") or [])
        locks: dict[str, str] = body.get("locks") or {}
        by_id = {c["film_id"]: c for c in candidates}
        free = sorted(
            (
                c
                for c in candidates
                if c["film_id"] not in excluded and c["film_id"] not in locks.values()
            ),
            key=lambda c: -c["p50"],
        )
        rooms = sorted(rules["rooms"], key=lambda r: -r["seats"] * r["shows_per_day"])
        share = rules["audience_share"]
        price = rules["ticket_price_eur"]
        slots = []
        for room in rooms:
            chosen: dict[str, Any] | None = by_id.get(locks.get(room["name"], "")) or (
                free.pop(0) if free else None
            )
            capacity = room["seats"] * room["shows_per_day"]
            weekly = chosen["p50"] * share if chosen else 0.0
            days = []
            start = dt.date.fromisoformat(wednesday)
            for offset, day in enumerate(WEEKDAYS):
                audience = round(min(weekly / 7, capacity), 1)
                days.append(
                    {
                        "day": day,
                        "date": (start + dt.timedelta(days=offset)).isoformat(),
                        "audience": audience,
                        "capacity": capacity,
                        "receipts": round(audience * price, 2),
                        "fill_rate": round(audience / capacity, 3),
                    }
                )
            expected = sum(d["audience"] for d in days)
            slots.append(
                {
                    "room": room["name"],
                    "seats": room["seats"],
                    "shows_per_day": room["shows_per_day"],
                    "film_id": chosen["film_id"] if chosen else None,
                    "title": chosen["title"] if chosen else None,
                    "locked": chosen is not None and locks.get(room["name"]) == chosen["film_id"],
                    "p10": chosen["p10"] if chosen else None,
                    "p50": chosen["p50"] if chosen else None,
                    "p90": chosen["p90"] if chosen else None,
                    "potential_audience": round(weekly, 1),
                    "expected_audience": round(expected, 1),
                    "expected_receipts": round(expected * price, 2),
                    "p10_receipts": round(expected * price * 0.6, 2),
                    "days": days,
                }
            )
        receipts = round(sum(s["expected_receipts"] for s in slots), 2)
        pnl = self.pnl(receipts, rules)
        past = dt.date.fromisoformat(wednesday) < dt.date(2023, 1, 1)
        return {
            "wednesday": wednesday,
            "replay": past,
            "model_version": "7",
            "candidates": candidates,
            "programme": {
                "slots": slots,
                "expected_receipts": receipts,
                "p10_receipts": round(receipts * 0.6, 2),
                "p50_receipts": receipts,
            },
            "pnl": pnl,
            "pnl_p10": self.pnl(round(receipts * 0.6, 2), rules),
            "pnl_p50": pnl,
            "alternatives": [
                {
                    "slots": list(reversed(slots)),
                    "expected_receipts": round(receipts * 0.9, 2),
                    "p10_receipts": round(receipts * 0.5, 2),
                    "p50_receipts": round(receipts * 0.9, 2),
                    "pnl": self.pnl(round(receipts * 0.9, 2), rules),
                }
            ],
            "hindsight": {
                "best_receipts": round(receipts * 1.25, 2),
                "programme_receipts": receipts,
                "capture": 0.8,
                "best_slots": [
                    {
                        "room": s["room"],
                        "film_id": s["film_id"],
                        "title": s["title"],
                        "actual_admissions": 100000,
                    }
                    for s in slots
                ],
            }
            # The API compares with hindsight only when every film has its actual admissions:
            # a film added by hand has none.
            if past and not body.get("extra_films")
            else None,
            "chosen_by": (
                "ranking without copies"
                if candidates and all(c["copies"] is None for c in candidates)
                else "model"
            ),
        }

    def learned(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """`/v1/rules/learned`: 422 under four complete weeks, else each weekday's share of all
        the people (simpler than the engine's mean of weekly shares) and `learned_share`."""
        weeks: dict[dt.date, dict[tuple[str, str], set[dt.date]]] = {}
        by_day = [0] * 7
        for row in body["attendance"]:
            day = dt.date.fromisoformat(row["date"])
            wednesday = day - dt.timedelta(days=(day.weekday() - 2) % 7)
            weeks.setdefault(wednesday, {}).setdefault((row["film_id"], row["room"]), set()).add(
                day
            )
            by_day[(day - wednesday).days] += row["admissions"]
        complete = sorted(w for w, s in weeks.items() if all(len(d) == 7 for d in s.values()))
        if len(complete) < 4:
            return 422, {
                "detail": f"only {len(complete)} complete week(s) of attendance "
                f"({len(weeks) - len(complete)} incomplete); learning needs at least 4"
            }
        total = sum(by_day)
        return 200, {
            "weekday_profile": [people / total for people in by_day],
            "weekdays": list(WEEKDAYS),
            "audience_share": self.learned_share,
            "weeks": len(complete),
            "first_wednesday": complete[0].isoformat(),
            "last_wednesday": complete[-1].isoformat(),
            "incomplete_weeks": len(weeks) - len(complete),
            "films": 0 if self.learned_share is None else len(complete),
            "films_without_actuals": len(complete) if self.learned_share is None else 0,
        }

    def actuals(self, body: Any) -> tuple[int, dict[str, Any]]:
        """`/v1/actuals`: the films of its weeks whose `actual_admissions` are known (the real
        API's history), in the order asked, each id once; the others in `unknown`. A body the
        real API's schema refuses gets its 422 (FastAPI's list form)."""
        ids = body.get("film_ids") if isinstance(body, dict) else None
        problem = None
        if not isinstance(body, dict) or set(body) - {"film_ids"}:
            problem = "Extra inputs are not permitted"
        elif not isinstance(ids, list) or not 1 <= len(ids) <= MAX_ACTUALS_FILMS:
            problem = f"film_ids must be a list of 1 to {MAX_ACTUALS_FILMS} ids"
        elif not all(isinstance(i, str) and 1 <= len(i) <= 100 for i in ids):
            problem = "each film id is a string of 1 to 100 characters"
        if problem is not None:
            return 422, {"detail": [{"loc": ["body", "film_ids"], "msg": problem}]}
        known = {
            item["film_id"]: item
            for films in self.weeks.values()
            for item in films
            if item.get("actual_admissions") is not None
        }
        asked = list(dict.fromkeys(ids or []))
        return 200, {
            "actuals": [
                {
                    "film_id": film_id,
                    "title": known[film_id]["title"],
                    "release_date": known[film_id]["release_date"],
                    "admissions": float(known[film_id]["actual_admissions"]),
                }
                for film_id in asked
                if film_id in known
            ],
            "unknown": [film_id for film_id in asked if film_id not in known],
        }

    @staticmethod
    def pnl(receipts: float, rules: dict[str, Any]) -> dict[str, Any]:
        fixed = rules["fixed_costs_eur"]
        excl = receipts / (1 + rules["vat_rate"])
        net = excl * (1 - rules["tsa_rate"])
        rental = net * rules["film_rental_rate"]
        return {
            "receipts": receipts,
            "fixed_costs": fixed,
            "result": round(receipts - fixed, 2),
            "vat": round(receipts - excl, 2),
            "receipts_excl_vat": round(excl, 2),
            "tsa": round(excl * rules["tsa_rate"], 2),
            "net_receipts": round(net, 2),
            "film_rental": round(rental, 2),
            "net_result": round(net - rental - fixed, 2),
            "break_even_receipts": fixed,
            "break_even_receipts_net": 11580.42,
            "covers_costs": receipts >= fixed,
        }


def _handler(api: ContractApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _guard(self) -> bool:
            api.calls.append(f"{self.command} {self.path.split('?')[0]}")
            if api.delay_s:
                threading.Event().wait(api.delay_s)
            if api.down:
                self._send(503, {"detail": "no champion model: run `mercredi train`"})
                return False
            if self.path.startswith("/v1/health"):
                return True
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._send(401, {"detail": "missing or wrong bearer token"})
                return False
            return True

        def do_GET(self) -> None:
            if not self._guard():
                return
            path = self.path.split("?")[0]
            if path == "/v1/health":
                if api.degraded:
                    reasons = ["no champion model: run mercredi train"]
                    self._send(200, {"status": "degraded", "reasons": reasons})
                else:
                    self._send(200, {"status": "ok", "reasons": []})
            elif path == "/v1/weeks":
                self._send(
                    200,
                    {
                        "wednesdays": sorted(w for w in api.weeks if w < "2023-01-01"),
                        "next_wednesday": api.next_wednesday,
                        "first_wednesday": "2005-01-05",
                        "last_wednesday": "2031-12-31",
                    },
                )
            elif path.startswith("/v1/weeks/"):
                wednesday = path.rsplit("/", 1)[1]
                day = dt.date.fromisoformat(wednesday)
                if day.weekday() != 2:
                    self._send(422, {"detail": f"wednesday {wednesday} is not a Wednesday"})
                    return
                self._send(
                    200,
                    {
                        "wednesday": wednesday,
                        "replay": wednesday < "2023-01-01",
                        "model_version": "7",
                        "as_of": (day - dt.timedelta(days=1)).isoformat(),
                        "candidates": api.week(wednesday),
                    },
                )
            else:
                self._send(404, {"detail": f"no route {path}"})

        def do_POST(self) -> None:
            if not self._guard():
                return
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            api.requests.append(body)
            if self.path == "/v1/programmes":
                wednesday = str(body.get("wednesday", ""))
                if not "2005-01-05" <= wednesday <= "2031-12-31":
                    self._send(
                        422, {"detail": f"wednesday {wednesday} is outside 2005-01-05..2031-12-31"}
                    )
                    return
                self._send(200, api.programme(body))
            elif self.path == "/v1/rules/learned":
                self._send(*api.learned(body))
            elif self.path == "/v1/actuals":
                self._send(*api.actuals(body))
            else:
                self._send(404, {"detail": f"no route {self.path}"})

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is not an error of the server."""


@contextmanager
def serve_contract_api(api: ContractApi) -> Iterator[ContractApi]:
    """Run the server on a free port of 127.0.0.1 for the block; `api.url` is its address."""
    server = _QuietServer(("127.0.0.1", 0), _handler(api))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
