"""The matching rule and the profile suggestion are pure functions: no database needed."""

from datetime import date

from koers.selfcheck.answers import Answers
from koers.selfcheck.matching import Candidate, Reason, match_services
from koers.selfcheck.profiles import suggest_profile
from koers.selfcheck.topics import relevant_topics

AMSTERDAM, ROTTERDAM = 1, 2


def cand(pk, **kw):
    kw.setdefault("name", f"service {pk}")
    kw.setdefault("verified_on", date(2026, 1, 1))
    return Candidate(pk=pk, **kw)


def test_only_services_for_a_ticked_need_are_shown_with_the_need_as_reason():
    answers = Answers(situation="considering", needs=("housing", "debts"))
    housing = cand(1, domains=frozenset({"housing"}))
    work = cand(2, domains=frozenset({"work_income"}))
    matches = match_services(answers, [housing, work])
    assert [m.candidate.pk for m in matches] == [1]
    assert Reason("need", "housing") in matches[0].reasons


def test_more_matched_needs_rank_higher_and_language_is_a_reason():
    answers = Answers(situation="doing", needs=("housing", "debts"), language="es")
    one = cand(1, domains=frozenset({"housing"}), languages=frozenset({"es"}))
    two = cand(2, domains=frozenset({"housing", "debts"}))
    matches = match_services(answers, [one, two])
    assert [m.candidate.pk for m in matches] == [2, 1]
    assert Reason("language", "es") in matches[1].reasons


def test_region_filters_out_other_regions_and_says_in_your_region():
    answers = Answers(situation="doing", region_id=AMSTERDAM, region_name="Amsterdam")
    here = cand(1, region_ids=frozenset({AMSTERDAM}))
    there = cand(2, region_ids=frozenset({ROTTERDAM}))
    national = cand(3, is_national=True)
    matches = match_services(answers, [there, national, here])
    assert [m.candidate.pk for m in matches] == [1, 3]
    assert Reason("region", "Amsterdam") in matches[0].reasons
    assert Reason("national") in matches[1].reasons


def test_unsafe_puts_the_confidential_adviser_first_even_without_matching_need():
    answers = Answers(situation="doing", needs=("housing",), unsafe=True)
    housing = cand(1, domains=frozenset({"housing"}))
    adviser = cand(2, is_adviser=True, is_national=True)
    matches = match_services(answers, [housing, adviser])
    assert [m.candidate.pk for m in matches] == [2, 1]
    assert matches[0].reasons[0] == Reason("unsafe_adviser")


def test_you_do_not_have_to_stop_is_a_reason_unless_already_stopped():
    service = cand(1, no_need_to_stop=True)
    doing = match_services(Answers(situation="doing"), [service])[0]
    stopped = match_services(Answers(situation="stopped"), [service])[0]
    assert Reason("no_need_to_stop") in doing.reasons
    assert Reason("no_need_to_stop") not in stopped.reasons


def test_service_only_for_women_is_left_out_for_a_man_but_not_for_prefer_not_to_say():
    women_only = cand(1, groups=frozenset({"women"}))
    men = cand(2, groups=frozenset({"men"}))
    for_man = match_services(Answers(situation="doing", gender="man"), [women_only, men])
    assert [m.candidate.pk for m in for_man] == [2]
    assert Reason("group", "men") in for_man[0].reasons
    unknown = match_services(Answers(situation="doing", gender="prefer_not"), [women_only, men])
    assert {m.candidate.pk for m in unknown} == {1, 2}


def test_specific_services_rank_above_general_partners():
    general = cand(1, scope="friendly", is_national=True, name="a")
    specific = cand(2, scope="specific", name="b")
    assert [
        m.candidate.pk for m in match_services(Answers(situation="doing"), [general, specific])
    ] == [2, 1]


def test_profile_p3_when_unsafe():
    suggestion = suggest_profile(Answers(situation="doing", unsafe=True))
    assert suggestion.profile == "p3"
    assert any("unsafe" in reason for reason in suggestion.because)


def test_profile_p2_with_stacked_needs():
    suggestion = suggest_profile(
        Answers(situation="considering", needs=("housing", "debts", "mental_health"))
    )
    assert suggestion.profile == "p2"


def test_profile_p1_with_practical_questions_only():
    suggestion = suggest_profile(Answers(situation="changing", needs=("work_income",)))
    assert suggestion.profile == "p1"


def test_no_profile_without_enough_to_go_on():
    assert suggest_profile(Answers(situation="doing")).profile == ""


def test_topics_for_newcomers_and_starting_out():
    slugs = [
        t.slug
        for t in relevant_topics(Answers(situation="doing", direction="within", migration="yes"))
    ]
    assert slugs == ["newcomers", "working_from_home", "starting_out"]
    assert relevant_topics(Answers(situation="stopped", direction="outside")) == []
