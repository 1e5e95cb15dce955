"""The outcome questionnaire, declared once.

This is the single definition of the questionnaire in ``docs/domain.md``: blocks, pages, items,
answer categories and routing. The questionnaire engine (forms and page order), the survey
reports, the CSV layout (import and export) and the dashboard all read it from here, so a
category added here shows up everywhere and data stays comparable with the national study.

Routing is declarative: a page or item has ``show_if``, a tuple of clauses; a clause is a
mapping ``item key → allowed values`` and holds when every listed item has one of them (for
a multi-choice item: when one of its chosen options is listed). The tuple holds when any
clause holds (an OR of ANDs). The pseudo-item ``_wave`` is the wave number as a string.
Item keys follow the study's numbering (``B7`` is question 7 of block B) so that reports can
be compared with the published tables.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SINGLE = "single"
MULTI = "multi"
NUMBER = "number"
TEXT = "text"
COUNTRY = "country"

Clause = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Option:
    value: str
    label: Promise
    label_stopped: Promise | None = None
    only_if_stopped: bool = False


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    label: Promise
    options: tuple[Option, ...] = ()
    required: bool = False
    show_if: tuple[Clause, ...] = ()
    help_text: Promise | str = ""
    label_stopped: Promise | None = None
    minimum: int | None = None
    maximum: int | None = None
    follow_up: bool = False  # a free-text or sub-question shown next to its parent

    @property
    def is_closed(self) -> bool:
        return self.kind in (SINGLE, MULTI)

    def option_values(self) -> list[str]:
        return [option.value for option in self.options]


@dataclass(frozen=True)
class Page:
    key: str
    block: str
    title: Promise
    items: tuple[Item, ...]
    show_if: tuple[Clause, ...] = ()
    intro: Promise | str = ""


@dataclass(frozen=True)
class Group:
    value: str
    label: Promise


def opts(*pairs: tuple[str, Any]) -> tuple[Option, ...]:
    return tuple(Option(value, label) for value, label in pairs)


# --- shared answer lists -------------------------------------------------------------------

NO_ANSWER = ("no_answer", _("Prefer not to say"))

WORK_LOCATIONS = opts(
    ("home", _("From home")),
    ("window", _("Window")),
    ("club", _("Club")),
    ("private_house", _("Private house")),
    ("street_zone", _("Street zone")),
    ("escort_agency", _("Escort agency")),
    ("independent_escort", _("Independent escort")),
    ("massage_salon", _("Massage salon")),
    ("unlicensed", _("Unlicensed sector")),
    ("other", _("Other")),
)

LIFE_DOMAINS = opts(
    ("housing", _("Affordable housing")),
    ("work_income", _("Suitable work and income")),
    ("education", _("Retraining or education")),
    ("debts", _("Debts")),
    ("physical_health", _("Physical or medical health")),
    ("mental_health", _("Feelings, meaning, psychological help")),
    ("social_network", _("Social network")),
    ("living_on_less", _("Living on less money")),
    ("other", _("Other")),
)

NEED_DOMAINS = opts(
    ("housing", _("Affordable housing")),
    ("work_income", _("Suitable work and income")),
    ("education", _("Retraining or education")),
    ("debts", _("Debts")),
    ("care_safety", _("Physical and mental care, safety, meaning")),
    ("social_network", _("A new social network")),
    ("living_on_less", _("Living on less money")),
    ("other", _("Other")),
)

SOURCES = opts(
    ("information", _("Information")),
    ("colleagues", _("Colleagues")),
    ("family_friends", _("Family or friends")),
    ("professional", _("A professional")),
    ("other", _("Other")),
)

DURATIONS = opts(
    ("lt_1m", _("Less than 1 month")),
    ("1_3m", _("1 to 3 months")),
    ("4_6m", _("4 to 6 months")),
    ("7_12m", _("7 to 12 months")),
    ("1_2y", _("1 to 2 years")),
    ("gt_2y", _("More than 2 years")),
)

EARLIER_CHANGE = opts(
    ("tried_within_failed", _("I tried to change within the branch, it did not work out")),
    ("tried_outside_failed", _("I tried to change outside the branch, it did not work out")),
    ("changed_before", _("I changed work before")),
    ("no", _("No")),
)

REASONS = opts(
    ("not_enough_money", _("I do not earn enough")),
    ("ready_for_else", _("I am ready for something else")),
    ("mentally_heavy", _("It is mentally heavy")),
    ("physically_heavy", _("It is physically heavy")),
    ("no_future", _("It gives no future perspective")),
    ("dislike", _("I do not (or no longer) like the work")),
    ("operator_problems", _("Problems with my employer or operator")),
    ("partner_objects", _("A new partner who objects")),
    ("partner_no_contact", _("A new partner; I no longer want sexual contact with others")),
    ("stigma", _("Too limited by stigma")),
    ("double_life", _("The double life is too much")),
    ("night_life", _("Done with night life")),
    ("no_legal_way", _("No legal way to work the way I want")),
    ("illness", _("Illness or an accident")),
    ("other", _("Other")),
)

SEARCH_PLACES = opts(
    ("online_support_org", _("Online, at support organisations")),
    ("online_elsewhere", _("Online, elsewhere")),
    ("professional_at_work", _("A professional who visited my workplace")),
    ("professional_at_org", _("A professional at a support organisation")),
    ("other", _("Other")),
)

HELPFUL = opts(
    ("a_lot", _("Helped a lot")),
    ("a_little", _("Helped a little")),
    ("hardly", _("Hardly helped")),
    ("not_at_all", _("Did not help at all")),
)

FIT = opts(
    ("very_well", _("Very well")),
    ("a_bit", _("A bit")),
    ("hardly", _("Hardly")),
    ("not_at_all", _("Not at all")),
)

AGREE = opts(
    ("agree_fully", _("Fully agree")),
    ("agree", _("Agree")),
    ("neutral", _("Neither agree nor disagree")),
    ("disagree", _("Disagree")),
    ("disagree_fully", _("Fully disagree")),
)

IMPORTANCE = opts(
    ("very_important", _("Very important")),
    ("important", _("Important")),
    ("neutral", _("Neither important nor unimportant")),
    ("not_important", _("Not important")),
    ("not_at_all_important", _("Not at all important")),
)

YES_NO = opts(("yes", _("Yes")), ("no", _("No")))
WITHIN_OUTSIDE = opts(
    ("within", _("Within the erotic branch")),
    ("outside", _("Outside the erotic branch")),
    ("not_sure", _("Not sure yet")),
)
SUPPORT_NOW_SOURCES = opts(
    ("own_network", _("My own network")),
    ("professionals", _("Professionals")),
    ("other", _("Other")),
)

# --- routing clauses ------------------------------------------------------------------------

WANTS_CHANGE: Clause = {"A1": ("want_change",)}
CONSIDERING: Clause = {"A1": ("considering",)}
NOT_IN_BRANCH: Clause = {"A1": ("not_in_branch",)}
IN_BRANCH: tuple[Clause, ...] = ({"A1": ("want_change", "considering", "none")},)
STOPPED = "not_in_branch"

# --- pages ----------------------------------------------------------------------------------

PAGE_A = Page(
    "situation",
    "A",
    _("Your situation"),
    (
        Item(
            "A1",
            SINGLE,
            _("Which describes your situation best?"),
            opts(
                ("want_change", _("I want other work, within or outside the erotic branch")),
                ("considering", _("I am considering other work, within or outside the branch")),
                ("not_in_branch", _("I do not work in the erotic branch at the moment")),
                ("none", _("None of these")),
            ),
            required=True,
        ),
    ),
)

PAGE_B1 = Page(
    "background",
    "B",
    _("About you"),
    (
        Item(
            "B2",
            SINGLE,
            _("Gender"),
            opts(("man", _("Man")), ("woman", _("Woman")), ("other", _("Other")), NO_ANSWER),
        ),
        Item("B2_other", TEXT, _("If other: how do you describe your gender?"), follow_up=True),
        Item(
            "B3",
            SINGLE,
            _("Are you trans or do you have a trans history?"),
            opts(("yes", _("Yes")), ("no", _("No")), ("dont_know", _("I don't know")), NO_ANSWER),
        ),
        Item(
            "B4",
            SINGLE,
            _("Age"),
            opts(
                ("18_20", _("18 to 20")),
                ("21_29", _("21 to 29")),
                ("30_39", _("30 to 39")),
                ("40_49", _("40 to 49")),
                ("50_plus", _("50 or older")),
                NO_ANSWER,
            ),
        ),
        Item("B5", COUNTRY, _("Country of birth"), help_text=_("For example: Romania")),
        Item(
            "B6",
            SINGLE,
            _("How many years have you done sex work?"),
            opts(
                ("lt_1", _("Less than 1 year")),
                ("1_5", _("1 to 5 years")),
                ("6_10", _("6 to 10 years")),
                ("11_plus", _("11 years or more")),
            ),
        ),
        Item(
            "B7",
            NUMBER,
            _("About how many hours a week did you do sex work in the last 3 months?"),
            help_text=_("A number from 0 to 100."),
            minimum=0,
            maximum=100,
        ),
    ),
)

PAGE_B2 = Page(
    "work",
    "B",
    _("Your work"),
    (
        Item("B8", MULTI, _("Where did you work in the last 3 months?"), WORK_LOCATIONS),
        Item("B9", SINGLE, _("Did you work elsewhere in the branch before that?"), YES_NO),
        Item("B9_where", MULTI, _("If yes: where?"), WORK_LOCATIONS, follow_up=True),
        Item(
            "B10",
            SINGLE,
            _("Which describes your income best?"),
            opts(
                ("all_sex_work", _("All my income comes from sex work")),
                ("main_with_other", _("Sex work is my main job, I have other income too")),
                ("other_main_regulars", _("Another main job, but some regular clients")),
                ("other_main_branch", _("Another main job, but other earnings in the branch")),
                ("beside_study", _("Sex work beside my study")),
                ("beside_benefit", _("Sex work beside a benefit")),
                ("left_branch", _("I am no longer in the branch")),
                ("other", _("Other")),
            ),
        ),
    ),
)

PAGE_B3 = Page(
    "experience",
    "B",
    _("What the work is like"),
    (
        Item(
            "B11",
            MULTI,
            _("What do you find attractive about the work?"),
            (
                Option("like_work", _("I like the work"), _("I liked the work")),
                Option("appreciation", _("Appreciation and attention")),
                Option("social_contact", _("Social contact")),
                Option("fulfilment", _("Fulfilment")),
                Option("self_confidence", _("Self-confidence")),
                Option("self_affirmation", _("Self-affirmation")),
                Option("regulars", _("Regular clients giving a steady income")),
                Option("freedom", _("Freedom")),
                Option("flexibility", _("Flexibility to combine with my private life")),
                Option("standard_of_living", _("A certain standard of living")),
                Option(
                    "support_others",
                    _("I can support others (family)"),
                    _("I could support others (family)"),
                ),
                Option("other", _("Other")),
                Option("nothing", _("Nothing was attractive"), only_if_stopped=True),
            ),
            label_stopped=_("What did you find attractive about the work?"),
        ),
        Item(
            "B12",
            MULTI,
            _("What do you find unpleasant about the work?"),
            (
                Option("not_enough_money", _("I don't earn enough"), _("I didn't earn enough")),
                Option("mentally_heavy", _("It is mentally heavy"), _("It was mentally heavy")),
                Option(
                    "physically_heavy", _("It is physically heavy"), _("It was physically heavy")
                ),
                Option("no_future", _("Not enough future perspective")),
                Option("dislike", _("I don't like the work"), _("I didn't like the work")),
                Option("operator_problems", _("Problems with my employer or operator")),
                Option("partner_objects", _("My partner objects"), _("My partner objected")),
                Option("stigma", _("Stigma")),
                Option("double_life", _("Double life")),
                Option("no_legal_way", _("No legal way to work in the branch the way I want")),
                Option("other", _("Other")),
                Option("nothing", _("Nothing unpleasant")),
            ),
            label_stopped=_("What did you find unpleasant about the work?"),
        ),
    ),
)

PAGE_C1 = Page(
    "change",
    "C",
    _("Changing work"),
    (
        Item(
            "C1", SINGLE, _("Do you want to change within or outside the branch?"), WITHIN_OUTSIDE
        ),
        Item("C2", SINGLE, _("How long have you been considering a change?"), DURATIONS),
        Item("C3", MULTI, _("Have you tried to change work before?"), EARLIER_CHANGE),
        Item("C3_text", TEXT, _("If you changed before: how did it go?"), follow_up=True),
        Item("C4", MULTI, _("Why do you want to change now?"), REASONS),
        Item(
            "C4_illness",
            TEXT,
            _("If illness or an accident: what happened? (optional)"),
            follow_up=True,
        ),
        Item(
            "C5",
            MULTI,
            _("What are your goals for the coming months?"),
            opts(
                ("housing", _("An affordable home")),
                ("work_income", _("Suitable work with a suitable income")),
                ("education", _("(Re)training")),
                ("debts", _("Solving debts")),
                ("physical_health", _("Resolving physical or medical complaints")),
                ("social_network", _("Building a social network")),
                ("living_on_less", _("Learning to live on less money")),
                ("other", _("Other")),
                ("no_goals", _("No goals")),
            ),
        ),
    ),
    show_if=(WANTS_CHANGE,),
)

PAGE_C2 = Page(
    "change_support",
    "C",
    _("Information and support"),
    (
        Item("C6", SINGLE, _("Do you receive support with changing work now?"), YES_NO),
        Item(
            "C6_extra", SINGLE, _("If yes: would you like extra support?"), YES_NO, follow_up=True
        ),
        Item("C6_want", SINGLE, _("If no: would you like support?"), YES_NO, follow_up=True),
        Item(
            "C7",
            SINGLE,
            _("When did you first look for information or support?"),
            DURATIONS + (Option("not_looked", _("I have not looked for information or support")),),
        ),
        Item("C7_why", TEXT, _("If you have not looked: why not?"), follow_up=True),
        Item(
            "C8",
            MULTI,
            _("What did you do?"),
            opts(
                ("looked_for_information", _("Looked for information")),
                ("colleagues", _("Got support from colleagues")),
                ("family_friends", _("Got support from family or friends")),
                ("professional", _("Got support from a professional")),
                ("other", _("Other")),
            ),
        ),
        Item("C9", MULTI, _("Where did you look for information?"), SEARCH_PLACES),
        Item("C10", SINGLE, _("How helpful was the information?"), HELPFUL),
        Item("C11", MULTI, _("Where did you look for support?"), SEARCH_PLACES),
        Item("C11_org", TEXT, _("Which organisation? (optional)"), follow_up=True),
    ),
    show_if=(WANTS_CHANGE,),
)

PAGE_C3 = Page(
    "change_sought",
    "C",
    _("What you looked for"),
    tuple(
        Item(
            f"C12_{domain.value}",
            MULTI,
            domain.label,
            SOURCES,
            help_text=_("Where did you look for help with this? Tick all that apply."),
        )
        for domain in LIFE_DOMAINS
    ),
    show_if=(WANTS_CHANGE,),
    intro=_("For each part of life: where did you look for information or support?"),
)

PAGE_C4 = Page(
    "change_received",
    "C",
    _("Support you receive now"),
    (
        Item("C14", MULTI, _("From whom do you receive support now?"), SUPPORT_NOW_SOURCES),
        *(
            Item(
                f"C14_{domain.value}",
                MULTI,
                domain.label,
                SOURCES,
                help_text=_("Which support do you receive with this now? Tick all that apply."),
            )
            for domain in LIFE_DOMAINS
        ),
    ),
    show_if=(WANTS_CHANGE,),
)

PAGE_C5 = Page(
    "change_quality",
    "C",
    _("How the support works for you"),
    (
        Item(
            "C15",
            SINGLE,
            _("How many professionals are involved?"),
            opts(
                ("1", _("1")),
                ("2_5", _("2 to 5")),
                ("6_10", _("6 to 10")),
                ("gt_10", _("More than 10")),
            ),
        ),
        Item(
            "C16",
            SINGLE,
            _("How do the professionals work together?"),
            opts(
                ("very_good", _("Very good")),
                ("good", _("Good")),
                ("not_so_good", _("Not so good")),
                ("bad", _("Bad")),
                ("very_bad", _("Very bad")),
                ("none", _("There was no cooperation")),
            ),
        ),
        *(
            Item(
                f"C17_{source.value}",
                SINGLE,
                source.label,
                HELPFUL,
                help_text=_("How helpful is this support?"),
            )
            for source in SUPPORT_NOW_SOURCES
        ),
        *(
            Item(
                f"C18_{source.value}",
                SINGLE,
                source.label,
                FIT,
                help_text=_("How well does this support fit your needs?"),
            )
            for source in SUPPORT_NOW_SOURCES
        ),
        Item("C19", SINGLE, _("I can make my own choices in the support I get."), AGREE),
        Item("C19_why", TEXT, _("Why? (optional)"), follow_up=True),
        Item("C21", SINGLE, _("How important is this career step for you?"), IMPORTANCE),
        Item("C21_why", TEXT, _("Why? (optional)"), follow_up=True),
        Item("C23", SINGLE, _("Are you missing anything in information or support?"), YES_NO),
        Item("C23_what", TEXT, _("If yes: what are you missing?"), follow_up=True),
    ),
    show_if=(WANTS_CHANGE,),
)

PAGE_D = Page(
    "considering",
    "D",
    _("Considering a change"),
    (
        Item(
            "D1",
            SINGLE,
            _("Are you considering a change within or outside the branch?"),
            WITHIN_OUTSIDE,
        ),
        Item(
            "D2",
            SINGLE,
            _("How long have you been considering it?"),
            opts(
                ("lt_3m", _("Less than 3 months")),
                ("4_12m", _("4 to 12 months")),
                ("gt_1y", _("More than 1 year")),
            ),
        ),
        Item("D3", MULTI, _("Why are you considering a change?"), REASONS),
        Item("D4", MULTI, _("Have you tried to change work before?"), EARLIER_CHANGE),
        Item(
            "D5",
            SINGLE,
            _("Do you need information or support to change?"),
            opts(("information", _("Information")), ("support", _("Support")), ("no", _("No"))),
        ),
        Item("D5_why", TEXT, _("If no: why not? (optional)"), follow_up=True),
    ),
    show_if=(CONSIDERING,),
)

PAGE_NEEDS = Page(
    "needs",
    "N",
    _("What you need"),
    (
        Item(
            "N1",
            MULTI,
            _("What do you need?"),
            opts(("information", _("Information")), ("support", _("Support"))),
        ),
        Item("N2", MULTI, _("Information on"), NEED_DOMAINS),
        Item("N3", MULTI, _("Support with"), NEED_DOMAINS),
        Item(
            "N4",
            MULTI,
            _("What stands in the way?"),
            opts(
                ("where_information", _("I don't know where to find information")),
                ("where_support", _("I don't know where to find support")),
                ("information_unfit", _("The information I found does not fit")),
                ("support_unfit", _("The support does not fit")),
                ("daunting", _("It is too daunting to seek support")),
                ("other", _("Other")),
            ),
        ),
        Item("N5", TEXT, _("What would help you? (optional)")),
    ),
    show_if=(
        {"A1": ("want_change",), "C6": ("no",), "C6_want": ("yes",)},
        {"A1": ("want_change",), "C6": ("yes",), "C6_extra": ("yes",)},
        {"A1": ("considering",), "D5": ("information", "support")},
    ),
)

PAGE_E = Page(
    "not_in_branch",
    "E",
    _("Life after sex work"),
    (
        Item(
            "E1",
            SINGLE,
            _("Since when have you not done sex work?"),
            opts(
                ("lt_3m", _("Less than 3 months")),
                ("3_6m", _("3 to 6 months")),
                ("6_12m", _("6 to 12 months")),
                ("1_2y", _("1 to 2 years")),
                ("gt_2y", _("More than 2 years")),
            ),
        ),
        Item(
            "E2",
            MULTI,
            _("What do you do now?"),
            opts(
                ("paid_work", _("Paid work outside the branch")),
                ("own_business", _("My own business outside the branch")),
                (
                    "within_branch",
                    _(
                        "Other work within the branch "
                        "(for example licensed, online or my own business)"
                    ),
                ),
                ("study", _("Study or training")),
                ("benefit", _("Living on a benefit")),
                ("care", _("Caring for others")),
                ("other", _("Other")),
            ),
        ),
        Item(
            "E3",
            SINGLE,
            _("If you work outside the branch: in which sector?"),
            opts(
                ("hospitality", _("Hospitality")),
                ("cleaning", _("Cleaning")),
                ("social_care", _("Social care or health care")),
                ("education", _("Education")),
                ("logistics", _("Logistics")),
                ("retail", _("Retail")),
                ("office", _("Office work")),
                ("creative", _("Creative work")),
                ("other", _("Other")),
            ),
            follow_up=True,
        ),
        Item(
            "E4",
            MULTI,
            _("Would you still like support with any of these?"),
            LIFE_DOMAINS + opts(("none", _("No, thank you"))),
        ),
    ),
    show_if=(NOT_IN_BRANCH,),
)

PAGE_F = Page(
    "since_last_time",
    "F",
    _("Since the last questionnaire"),
    (
        Item(
            "F1",
            SINGLE,
            _("Since the last questionnaire, did you do sex work?"),
            opts(("no", _("No")), ("sometimes", _("Sometimes")), ("yes", _("Yes"))),
        ),
        Item(
            "F2",
            SINGLE,
            _("Did you try to change work since then?"),
            opts(
                ("no", _("No")),
                ("yes_worked", _("Yes, and it worked out")),
                ("yes_partly", _("Yes, partly")),
                ("yes_not", _("Yes, but it did not work out")),
            ),
        ),
    ),
    show_if=({"_wave": ("2", "3", "4", "5", "6", "7", "8")},),
)

PAGE_G = Page(
    "closing",
    "G",
    _("Almost done"),
    (
        Item(
            "G1",
            SINGLE,
            _("May we invite you for the next questionnaire in about 3 months?"),
            YES_NO,
        ),
    ),
    intro=_("Thank you for your answers. Press Send to finish."),
)

PAGES: tuple[Page, ...] = (
    PAGE_A,
    PAGE_B1,
    PAGE_B2,
    PAGE_B3,
    PAGE_C1,
    PAGE_C2,
    PAGE_C3,
    PAGE_C4,
    PAGE_C5,
    PAGE_D,
    PAGE_NEEDS,
    PAGE_E,
    PAGE_F,
    PAGE_G,
)

PAGE_BY_KEY: dict[str, Page] = {page.key: page for page in PAGES}
ITEMS: tuple[Item, ...] = tuple(item for page in PAGES for item in page.items)
ITEM_BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}
CLOSED_ITEMS: tuple[Item, ...] = tuple(item for item in ITEMS if item.is_closed)

# --- groups and derived values ---------------------------------------------------------------

GROUP_NOT_SEEKING = "not_seeking"
GROUP_CHANGING = "changing"
GROUP_NO_SEX_WORK = "no_sex_work"
GROUPS: tuple[Group, ...] = (
    Group(GROUP_NOT_SEEKING, _("Not seeking change")),
    Group(GROUP_CHANGING, _("In a change process")),
    Group(GROUP_NO_SEX_WORK, _("No sex work in the last 3 months")),
)
GROUP_LABELS = {group.value: group.label for group in GROUPS}

STATUS_DOING = "doing"
STATUS_PARTLY = "partly"
STATUS_NOT_DOING = "not_doing"
SEX_WORK_STATUSES: tuple[Group, ...] = (
    Group(STATUS_DOING, _("Doing sex work")),
    Group(STATUS_PARTLY, _("Partly doing sex work")),
    Group(STATUS_NOT_DOING, _("Not doing sex work")),
)
STATUS_LABELS = {status.value: status.label for status in SEX_WORK_STATUSES}
PARTLY_INCOME = {"other_main_regulars", "other_main_branch", "beside_study", "beside_benefit"}


def holds(clauses: tuple[Clause, ...], answers: Mapping[str, Any]) -> bool:
    """True when routing ``clauses`` hold for ``answers`` (no clauses: always)."""
    if not clauses:
        return True
    for clause in clauses:
        if all(_matches(answers.get(key), allowed) for key, allowed in clause.items()):
            return True
    return False


def _matches(value: Any, allowed: tuple[str, ...]) -> bool:
    if isinstance(value, list):
        return any(str(v) in allowed for v in value)
    return value is not None and str(value) in allowed


def context_answers(answers: Mapping[str, Any], wave_number: int) -> dict[str, Any]:
    return {**answers, "_wave": str(wave_number)}


def is_screened_out(answers: Mapping[str, Any], wave_number: int) -> bool:
    """Wave 1 "none of these" ends politely; later waves keep people who stopped seeking."""
    return wave_number == 1 and answers.get("A1") == "none"


def visible_pages(answers: Mapping[str, Any], wave_number: int) -> list[Page]:
    ctx = context_answers(answers, wave_number)
    return [page for page in PAGES if holds(page.show_if, ctx)]


def next_page(current: str | None, answers: Mapping[str, Any], wave_number: int) -> Page | None:
    """The page after ``current`` under the routing (``None``: first page; ``None`` at the end)."""
    pages = visible_pages(answers, wave_number)
    if current is None:
        return pages[0]
    keys = [page.key for page in PAGES]
    position = keys.index(current)
    for page in pages:
        if keys.index(page.key) > position:
            return page
    return None


def previous_page(current: str, answers: Mapping[str, Any], wave_number: int) -> Page | None:
    pages = visible_pages(answers, wave_number)
    keys = [page.key for page in PAGES]
    position = keys.index(current)
    earlier = [page for page in pages if keys.index(page.key) < position]
    return earlier[-1] if earlier else None


def group_for(answers: Mapping[str, Any]) -> str:
    situation = answers.get("A1")
    if situation in ("want_change", "considering"):
        return GROUP_CHANGING
    if situation == STOPPED:
        return GROUP_NO_SEX_WORK
    return GROUP_NOT_SEEKING


def sex_work_status_for(answers: Mapping[str, Any]) -> str:
    """Doing / partly / not doing: a status over time, independent of phase (domain §3.1)."""
    if answers.get("A1") == STOPPED or answers.get("B10") == "left_branch":
        return STATUS_NOT_DOING
    if answers.get("B10") in PARTLY_INCOME:
        return STATUS_PARTLY
    return STATUS_DOING


def branch_direction_for(answers: Mapping[str, Any]) -> str:
    """Within / outside the branch: the direction of change wanted or achieved ('' unknown)."""
    for key in ("C1", "D1"):
        if answers.get(key) in ("within", "outside"):
            return answers[key]
    now = answers.get("E2") or []
    if "within_branch" in now:
        return "within"
    if any(value in now for value in ("paid_work", "own_business", "study", "benefit")):
        return "outside"
    return ""


def is_stopped(answers: Mapping[str, Any]) -> bool:
    return answers.get("A1") == STOPPED


def needs_for(answers: Mapping[str, Any]) -> str:
    """Life domains the person still needs support with, as ``",housing,debts,"`` ('' none).

    From N3 (support needed) and, for people who stopped, E4 (support still wanted); E4's
    mental and physical health map onto N3's combined care domain.
    """
    domains = set(answers.get("N3") or [])
    for value in answers.get("E4") or []:
        if value in ("physical_health", "mental_health"):
            domains.add("care_safety")
        elif value != "none":
            domains.add(value)
    ordered = [option.value for option in NEED_DOMAINS if option.value in domains]
    return "," + ",".join(ordered) + "," if ordered else ""
