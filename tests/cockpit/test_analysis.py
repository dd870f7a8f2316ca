"""The cockpit's pure helpers behind what the pages say: admissions as whole people, where the
portal's attendance comes from, chart titles that fit a phone."""

from __future__ import annotations

import datetime as dt

import polars as pl

from cockpit.analysis import portal_lag_note, whole_people
from cockpit.charts import TITLE_WIDTH, wrap_title


def test_admissions_are_rounded_to_whole_people() -> None:
    frame = pl.DataFrame(
        {
            "p10": [30_123.5, None],
            "p50": [52_789.479, 1.0],
            "p90": [float("nan"), 99_999.51],
            "title": ["Le Menu", "Drive"],
        }
    )
    rounded = whole_people(frame, ("p10", "p50", "p90", "actual_admissions"))
    assert rounded.schema["p50"] == pl.Int64
    assert rounded["p10"].to_list() == [30_124, None]
    assert rounded["p50"].to_list() == [52_789, 1]
    assert rounded["p90"].to_list() == [None, 100_000]  # no number: nothing shown
    assert rounded.columns == frame.columns  # a column it does not have is left out


def test_the_lag_note_says_attendance_arrives_at_the_next_refresh_and_when_the_last_was() -> None:
    note = portal_lag_note(dt.datetime(2026, 11, 30, 3, 5, tzinfo=dt.UTC))
    assert "fréquentation saisie dans le portail" in note
    assert "prochain rafraîchissement de l'entrepôt" in note
    assert "(tâche de nuit, ou `mercredi warehouse refresh`)" in note
    assert note.endswith("Dernier rafraîchissement : 30/11/2026 03:05 UTC.")
    paris = dt.timezone(dt.timedelta(hours=1))
    assert portal_lag_note(dt.datetime(2026, 11, 30, 4, 5, tzinfo=paris)) == note


def test_the_lag_note_without_a_refresh_log() -> None:
    assert portal_lag_note(None).endswith(
        "Date du dernier rafraîchissement inconnue (pas de journal `refresh_log`)."
    )


def test_long_chart_titles_wrap_between_words() -> None:
    assert wrap_title("Spectateurs par semaine") == ["Spectateurs par semaine"]
    lines = wrap_title("Prévu contre réel, entrées nationales de 1re semaine")
    assert " ".join(lines) == "Prévu contre réel, entrées nationales de 1re semaine"
    assert len(lines) == 2
    assert all(len(line) <= TITLE_WIDTH for line in lines)
