"""Issue 12 item 1, as the attacker: the link code (first and last letter of a name, birth
year, birth city) only links rounds for analysis. Knowing someone's three answers opens,
shows and changes nothing of theirs; continuing needs the random resume code (posted, never
in a URL) or a reminder's one-time link."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from koers.outcomes import csvio, services
from koers.outcomes.models import Participant, Wave

SARA = {"name": "Sara", "birth_year": "1988", "birth_city": "Cluj", "region": ""}
VARIANTS = [
    SARA,
    {**SARA, "name": "Sandra", "birth_city": "Cluj-Napoca"},
    {**SARA, "name": "sara", "birth_city": "CLUJ"},
    {**SARA, "name": "Selma", "birth_city": "Cluj Napoca"},
    {**SARA, "name": "Sára", "birth_city": "Clujul"},
]
URLISH = re.compile(r'(?:href|action|src)="([^"]*)"')


def enrol(client: Client, facts: dict) -> str:
    response = client.post(reverse("outcomes:start"), facts)
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


@pytest.mark.django_db
def test_her_facts_and_variants_reach_nothing_of_hers():
    sara = Client()
    location = sara.get(enrol(sara, SARA))["Location"]
    sara.post(location, {"A1": "want_change", "save_later": "1"})
    her_wave = Wave.objects.get()
    assert her_wave.answers == {"A1": "want_change"}

    for facts in VARIANTS:
        attacker = Client(REMOTE_ADDR="203.0.113.9")
        page = attacker.get(attacker.get(enrol(attacker, facts))["Location"])
        body = page.content.decode()
        # A fresh, empty questionnaire: nothing of hers is ticked.
        assert page.context["wave"].pk != her_wave.pk
        assert "checked" not in body
        # The attacker answers and sends; her answers stay as they were.
        attacker.post(page.request["PATH_INFO"], {"A1": "not_in_branch", "next": "1"})
        her_wave.refresh_from_db()
        assert her_wave.answers == {"A1": "want_change"}
        # Nor can they reach her pages by address: every questionnaire page is this
        # browser's own session, never a code in the URL.
        for name in ("outcomes:resume", "outcomes:done", "outcomes:saved", "outcomes:stop"):
            response = attacker.get(reverse(name))
            assert "want_change" not in response.content.decode()
    assert Participant.objects.count() == 1 + len(VARIANTS)
    assert Wave.objects.filter(answers__A1="want_change").count() == 1


@pytest.mark.django_db
def test_two_people_with_the_same_link_facts_both_take_part_flagged_for_the_researcher():
    laura, lola = Client(), Client()
    enrol(laura, {"name": "Laura", "birth_year": "1990", "birth_city": "Utrecht", "region": ""})
    location = enrol(lola, {"name": "Lola", "birth_year": "1990", "birth_city": "Utrecht"})
    page = lola.get(lola.get(location)["Location"])
    assert page.status_code == 200 and "already taking part" not in page.content.decode()
    first, second = Participant.objects.order_by("pk")
    assert first.pk != second.pk and first.code_hash == second.code_hash
    assert first.possible_duplicate and second.possible_duplicate
    # Someone else's code is not flagged.
    services.enter("XY91AB")
    assert not Participant.objects.get(code_hash=services.code_hash("XY91AB")).possible_duplicate
    # The researcher's export says which participants may be the same person.
    for wave in Wave.objects.all():
        wave.answers = {"A1": "considering", "G1": "yes"}
        services.complete(wave)
    rows = [line.split(",") for line in csvio.export_csv(csvio.completed_waves()).splitlines()]
    header, data = rows[0], rows[1:]
    flag, group = header.index("possible_duplicate"), header.index("link_group")
    flagged = [row for row in data if row[flag] == "1"]
    assert len(flagged) == 2 and flagged[0][group] == flagged[1][group] != ""
    assert [row[flag] for row in data if row not in flagged] == ["0"]


@pytest.mark.django_db
def test_no_resume_code_or_token_in_any_url():
    """Every redirect and every link, form action and source on every page of the flow."""
    seen_urls: list[str] = []

    def visit(client, method, url, data=None):
        response = getattr(client, method)(url, data or {})
        if response.status_code in (301, 302):
            seen_urls.append(response["Location"])
        else:
            seen_urls.extend(URLISH.findall(response.content.decode()))
        return response

    person = Client()
    location = visit(person, "post", reverse("outcomes:start"), SARA)["Location"]
    location = visit(person, "get", location)["Location"]
    visit(person, "get", location)
    saved = visit(person, "post", location, {"A1": "considering", "save_later": "1"})
    code_page = visit(person, "get", saved["Location"])
    code = code_page.context["code"]
    assert code and code in code_page.content.decode()
    resumed = visit(person, "post", reverse("outcomes:resume_form"), {"code": code})
    visit(person, "get", visit(person, "get", resumed["Location"])["Location"])

    wave = Wave.objects.get()
    token = services.issue_link_token(wave)
    other = Client()
    landing = other.get(reverse("outcomes:link", kwargs={"token": token}))  # the mail's link
    visit(other, "get", landing["Location"])
    used = visit(other, "post", reverse("outcomes:link_use"))
    visit(other, "get", visit(other, "get", used["Location"])["Location"])

    assert seen_urls
    for url in seen_urls:
        assert code not in url and code.replace("-", "") not in url
        assert token not in url
    # Only hashes are stored: the code and the token cannot be shown again.
    wave.refresh_from_db()
    stored = " ".join(str(v) for v in Wave.objects.values().get().values())
    assert code not in stored and token not in stored and wave.link_token_hash is None


@pytest.mark.django_db
@override_settings(OUTCOMES_RESUME_ATTEMPTS_PER_HOUR=3, TRUSTED_PROXY_COUNT=1)
def test_resume_guesses_are_limited_per_address_behind_a_proxy():
    guesses = ["AAAA-BBBB-CCCC-DDDD", "EEEE-FFFF-GGGG-HHHH", "JJJJ-KKKK-LLLL-MMMM"]
    guesser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    for guess in guesses:
        response = guesser.post(reverse("outcomes:resume_form"), {"code": guess})
        assert response.status_code == 200
        assert "We do not know this code" in response.content.decode()
    refused = guesser.post(reverse("outcomes:resume_form"), {"code": "NNNN-PPPP-QQQQ-RRRR"})
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Too many attempts" in body and 'value="NNNN-PPPP-QQQQ-RRRR"' in body
    # The same guesses through a one-time link count too.
    assert guesser.post(reverse("outcomes:link_use"), {"token": "x" * 43}).status_code == 429
    # Someone else behind the same proxy is not locked out.
    neighbour = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    response = neighbour.post(reverse("outcomes:resume_form"), {"code": guesses[0]})
    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(OUTCOMES_ENROLMENTS_PER_HOUR=2)
def test_enrolling_is_limited_per_address_and_keeps_what_was_typed():
    client = Client(REMOTE_ADDR="192.0.2.5")
    enrol(client, SARA)
    enrol(client, {**SARA, "name": "Sandra"})
    refused = client.post(reverse("outcomes:start"), {**SARA, "name": "Selma"})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert 'value="Selma"' in refused.content.decode()
    assert Participant.objects.count() == 2


@pytest.mark.django_db
def test_resume_codes_are_random_80_bit_and_read_aloud_in_groups():
    from koers.outcomes.codes import RESUME_ALPHABET, new_resume_code, normalise_resume_code

    codes = {new_resume_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(RESUME_ALPHABET)
    assert len(RESUME_ALPHABET) ** 16 >= 2**80
    assert not set("01OI") & set(RESUME_ALPHABET)
    code = codes.pop()
    assert normalise_resume_code(code.lower().replace("-", " ")) == code
    assert normalise_resume_code(code[:-1]) == ""


@pytest.mark.django_db
def test_a_saved_questionnaire_survives_an_hmac_key_rotation(settings):
    entry = services.enter("RO91TA")
    code = services.issue_resume_code(entry.wave)
    token = services.issue_link_token(entry.wave)
    settings.HMAC_KEYS = ["a-newer-key-that-is-long-enough-000000", *settings.HMAC_KEYS]
    assert services.wave_for_resume_code(code) == entry.wave
    assert services.use_link_token(token) == entry.wave
    assert services.use_link_token(token) is None  # spent
