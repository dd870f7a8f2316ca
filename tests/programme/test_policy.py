"""The policies: the widest-release rule, the model, and the model only when confident."""

from __future__ import annotations

import pytest

from predictor.programme.allocation import Candidate, Programme
from predictor.programme.policy import (
    CHOSEN_POLICY,
    choose_programme,
    programme_choice,
    ranking_by_score,
    ranking_programme,
    widest_release_programme,
    widest_release_ranking,
)
from predictor.programme.proposal import propose_week


def film(film_id: str, p50: float, copies: int | None) -> Candidate:
    """A film with a modest interval around its P50 (P10 = P50 / 2, P90 = P50 x 2)."""
    return Candidate(film_id, f"Film {film_id}", p50 / 2, p50, p50 * 2, copies)


def rooms(programme: Programme) -> dict[str, str]:
    return {room: candidate.film_id for room, candidate in programme.assignments.items()}


# The model likes "art" (300,000 expected) more than the widest release "wide" (120,000).
WEEK = [film("wide", 120_000, 600), film("mid", 100_000, 400), film("art", 300_000, 150)]


def test_widest_release_ranks_by_copies_unknown_last_then_by_id() -> None:
    films = [film("b", 1, None), film("a", 1, None), film("c", 1, 10), film("d", 1, 500)]
    assert widest_release_ranking(films) == ["d", "c", "a", "b"]


def test_widest_release_puts_the_most_copies_in_the_biggest_room() -> None:
    assert rooms(widest_release_programme(WEEK)) == {"Salle 1": "wide", "Salle 2": "mid"}


def test_widest_release_honours_locks_and_exclusions() -> None:
    locked = widest_release_programme(WEEK, locked={"Salle 1": "art"})
    assert rooms(locked) == {"Salle 1": "art", "Salle 2": "wide"}
    excluded = widest_release_programme(WEEK, excluded=["wide"])
    assert rooms(excluded) == {"Salle 1": "mid", "Salle 2": "art"}
    with pytest.raises(ValueError, match="not among the candidates"):
        widest_release_programme(WEEK, excluded=["nope"])


def test_the_model_picks_against_copies_when_its_receipts_say_so() -> None:
    programme = choose_programme(WEEK, policy="model")
    assert rooms(programme) == {"Salle 1": "art", "Salle 2": "wide"}


def test_confident_model_keeps_the_copies_order_unless_confident_enough() -> None:
    model = choose_programme(WEEK, policy="model")
    rule = choose_programme(WEEK, policy="widest_release")
    gain = model.expected_receipts / rule.expected_receipts - 1.0
    assert gain > 0.2  # the model expects clearly more from its own choice
    confident = choose_programme(WEEK, policy="confident_model", min_gain=gain * 0.99)
    assert rooms(confident) == rooms(model)
    timid = choose_programme(WEEK, policy="confident_model", min_gain=gain * 1.01)
    assert rooms(timid) == rooms(rule) == {"Salle 1": "wide", "Salle 2": "mid"}


def test_confident_model_never_overturns_copies_on_a_close_call() -> None:
    close = [film("wide", 100_000, 600), film("mid", 99_000, 400), film("art", 101_000, 150)]
    assert rooms(choose_programme(close, policy="model"))["Salle 1"] == "art"
    programme = choose_programme(close, policy="confident_model", min_gain=0.05)
    assert rooms(programme) == {"Salle 1": "wide", "Salle 2": "mid"}


def test_without_any_copies_every_policy_falls_back_to_the_model() -> None:
    blind = [film(c.film_id, c.p50, None) for c in WEEK]
    expected = {"Salle 1": "art", "Salle 2": "wide"}
    for policy in ("model", "widest_release", "confident_model"):
        assert rooms(choose_programme(blind, policy=policy)) == expected


def test_the_chosen_policy_is_the_default() -> None:
    assert rooms(choose_programme(WEEK)) == rooms(choose_programme(WEEK, policy=CHOSEN_POLICY))


def test_bad_policy_and_threshold_are_refused() -> None:
    with pytest.raises(ValueError, match="policy 'best' is not one of"):
        choose_programme(WEEK, policy="best")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"min_gain=-0\.1 must be >= 0"):
        choose_programme(WEEK, policy="confident_model", min_gain=-0.1)


def test_the_proposal_follows_the_policy_and_offers_the_others_as_alternatives() -> None:
    by_model = propose_week(WEEK, alternatives=1, policy="model")
    assert rooms(by_model.programme) == {"Salle 1": "art", "Salle 2": "wide"}
    by_rule = propose_week(WEEK, alternatives=2, policy="widest_release")
    assert rooms(by_rule.programme) == {"Salle 1": "wide", "Salle 2": "mid"}
    alternatives = [rooms(programme) for programme in by_rule.alternatives]
    assert alternatives[0] == {"Salle 1": "art", "Salle 2": "wide"}
    assert rooms(by_rule.programme) not in alternatives
    assert len(alternatives) == 2
    assert by_rule.pnl.receipts == pytest.approx(by_rule.programme.expected_receipts)


# A week as TMDB gives it: no copies. The ranking model puts "mid" first, the model "art".
BLIND = [film(c.film_id, c.p50, None) for c in WEEK]
RANKING = ["mid", "wide", "art"]


def test_without_copies_a_given_ranking_chooses_whatever_the_policy() -> None:
    for policy in ("model", "widest_release", "confident_model"):
        choice = programme_choice(BLIND, policy=policy, ranking=RANKING)
        assert rooms(choice.programme) == {"Salle 1": "mid", "Salle 2": "wide"}
        assert choice.chosen_by == "ranking without copies"
    assert rooms(choose_programme(BLIND, ranking=RANKING)) == {"Salle 1": "mid", "Salle 2": "wide"}
    assert programme_choice(BLIND).chosen_by == "model"  # no ranking: the model, as before


def test_the_ranking_honours_locks_and_exclusions_like_the_widest_release_rule() -> None:
    locked = choose_programme(BLIND, ranking=RANKING, locked={"Salle 1": "art"})
    assert rooms(locked) == {"Salle 1": "art", "Salle 2": "mid"}
    locked_small = choose_programme(BLIND, ranking=RANKING, locked={"Salle 2": "mid"})
    assert rooms(locked_small) == {"Salle 1": "wide", "Salle 2": "mid"}
    excluded = choose_programme(BLIND, ranking=RANKING, excluded=["mid"])
    assert rooms(excluded) == {"Salle 1": "wide", "Salle 2": "art"}
    # the widest-release rule is the ranking programme of the copies order
    for options in ({}, {"locked": {"Salle 1": "art"}}, {"excluded": ["wide"]}):
        assert rooms(widest_release_programme(WEEK, **options)) == rooms(
            ranking_programme(WEEK, widest_release_ranking(WEEK), **options)
        )
    with pytest.raises(ValueError, match="not among the candidates"):
        choose_programme(BLIND, ranking=RANKING, excluded=["nope"])


def test_with_copies_known_even_for_one_film_the_ranking_changes_nothing() -> None:
    assert rooms(choose_programme(WEEK, ranking=RANKING)) == rooms(choose_programme(WEEK))
    one_known = [film("wide", 120_000, 600), *BLIND[1:]]
    choice = programme_choice(one_known, ranking=RANKING)
    assert choice.chosen_by == "model"
    assert rooms(choice.programme) == rooms(choose_programme(one_known))


def test_a_ranking_that_is_not_the_candidates_is_refused() -> None:
    for wrong in (["mid", "wide"], ["mid", "wide", "art", "art"], ["mid", "wide", "nope"]):
        with pytest.raises(ValueError, match="must hold each candidate's film_id once"):
            choose_programme(BLIND, ranking=wrong)


def test_scores_rank_highest_first_ties_by_id() -> None:
    assert ranking_by_score({"b": 1.0, "a": 1.0, "c": 2.5, "d": -1.0}) == ["c", "a", "b", "d"]


def test_the_proposal_says_which_rule_chose_and_keeps_the_models_alternatives() -> None:
    proposal = propose_week(BLIND, alternatives=2, ranking=RANKING)
    assert proposal.chosen_by == "ranking without copies"
    assert rooms(proposal.programme) == {"Salle 1": "mid", "Salle 2": "wide"}
    alternatives = [rooms(programme) for programme in proposal.alternatives]
    assert alternatives[0] == {"Salle 1": "art", "Salle 2": "wide"}  # the model's best
    assert rooms(proposal.programme) not in alternatives and len(alternatives) == 2
    assert propose_week(WEEK, ranking=RANKING).chosen_by == "model"
    assert propose_week(WEEK, policy="widest_release").chosen_by == "widest release"
