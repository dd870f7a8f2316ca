"""Hand-made records for warehouse tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import write_jsonl


def film(title: str, release_date: str, **facts: Any) -> dict[str, Any]:
    """A valid `films` record; `facts` override the defaults."""
    record: dict[str, Any] = {
        "source": "jpbox-office",
        "source_id": None,
        "url": None,
        "title": title,
        "original_title": title,
        "release_date": release_date,
        "genre": "Comédie",
        "nationality": "France",
        "runtime_min": 95,
        "director": None,
        "cast": [],
        "distributor": "Pathé",
        "budget": None,
        "budget_currency": None,
        "age_rating": "Tous publics",
        "is_franchise": None,
        "is_remake": None,
    }
    record.update(facts)
    return record


def week(title: str, release_date: str, admissions: int, **facts: Any) -> dict[str, Any]:
    """A valid week-1 `weeks` record; `facts` override the defaults."""
    record: dict[str, Any] = {
        "source": "jpbox-office",
        "source_id": None,
        "title": title,
        "release_date": release_date,
        "week_start": release_date,
        "week_number": 1,
        "admissions": admissions,
        "copies": 300,
    }
    record.update(facts)
    return record


def release(
    title: str, release_date: str, planned_copies: int | None, **facts: Any
) -> dict[str, Any]:
    """A valid `releases` record."""
    return {**film(title, release_date, **facts), "planned_copies": planned_copies}


def small_history(folder: Path) -> Path:
    """A three-film seed history."""
    films = [
        film("Le Grand Bleu", "1988-05-11", source_id=101, distributor="Gaumont"),
        film("Les Visiteurs", "1993-01-27", source_id=102, distributor="Gaumont"),
        film("Astérix et Obélix: Mission Cléopâtre", "2002-01-30", distributor="Pathé"),
    ]
    weeks = [
        week("Le Grand Bleu", "1988-05-11", 250_000, source_id=101, copies=None),
        week("Les Visiteurs", "1993-01-27", 400_000, source_id=102, copies=250),
        week("Astérix et Obélix: Mission Cléopâtre", "2002-01-30", 2_600_000, copies=900),
    ]
    write_jsonl(folder / "films.jsonl", films)
    write_jsonl(folder / "first_weeks.jsonl", weeks)
    return folder
