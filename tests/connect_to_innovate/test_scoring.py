"""The match score: a pure function, ranked best first with a stable tie-break."""

from __future__ import annotations

from connect_to_innovate.matching.scoring import Profile, rank, reasons, score

CHALLENGE = Profile.of(
    tags=["telecare", "sensors", "rural"],
    sectors=["care_health"],
    countries=["IT"],
    languages=["it", "en"],
)


def test_a_perfect_match_scores_100_with_every_reason_in_words():
    offer = Profile.of(
        tags=["Telecare", "sensors", "rural"],
        sectors=["care_health", "food"],
        countries=["it"],
        languages=["it"],
    )
    result = score(CHALLENGE, offer)
    assert result.points == 100
    assert reasons(
        result, country_name={"IT": "Italy"}.get, language_name={"it": "Italian"}.get
    ) == [
        "shares the tags rural, sensors, telecare",
        "same sector: care_health",
        "serves Italy",
        "works in Italian",
    ]


def test_nothing_in_common_scores_zero_and_is_left_out_of_the_ranking():
    offer = Profile.of(tags=["blockchain"], sectors=["waste"], countries=["SE"], languages=["sv"])
    assert score(CHALLENGE, offer).points == 0
    assert rank(CHALLENGE, [(1, "offer", offer)]) == []


def test_each_factor_counts_its_weight():
    assert score(CHALLENGE, Profile.of(sectors=["care_health"])).points == 20
    assert score(CHALLENGE, Profile.of(languages=["en"])).points == 15
    assert score(CHALLENGE, Profile.of(countries=["IT"])).points == 10
    # Two of the offer's two tags are wanted: all the tag points.
    assert score(CHALLENGE, Profile.of(tags=["sensors", "telecare"])).points == 55
    # One of three: a third of them.
    assert score(CHALLENGE, Profile.of(tags=["sensors", "robots", "drones"])).points == 18


def test_the_known_best_match_ranks_first_then_by_score():
    best = Profile.of(
        tags=["telecare", "sensors"], sectors=["care_health"], countries=["IT"], languages=["it"]
    )
    tags_only = Profile.of(tags=["telecare", "sensors"])
    country_only = Profile.of(countries=["IT"])
    ranked = rank(
        CHALLENGE, [(3, "country", country_only), (2, "tags", tags_only), (9, "best", best)]
    )
    assert [item for _, item, _ in ranked] == ["best", "tags", "country"]
    assert [result.points for _, _, result in ranked] == [100, 55, 10]


def test_ties_go_to_more_shared_tags_then_to_the_smaller_key():
    one_tag = Profile.of(tags=["sensors"], countries=["IT"])  # 55 + 10
    same = Profile.of(tags=["sensors"], countries=["IT"])
    ranked = rank(CHALLENGE, [(7, "later", same), (4, "earlier", one_tag)])
    assert [item for _, item, _ in ranked] == ["earlier", "later"]
    again = rank(CHALLENGE, [(4, "earlier", one_tag), (7, "later", same)])
    assert [item for _, item, _ in again] == ["earlier", "later"]


def test_an_offer_ranks_challenges_with_the_same_scores():
    offer = Profile.of(
        tags=["telecare"], sectors=["care_health"], countries=["IT"], languages=["it"]
    )
    ranked = rank(offer, [(1, "challenge", CHALLENGE)], subject_is_challenge=False)
    assert ranked[0][2] == score(CHALLENGE, offer)
