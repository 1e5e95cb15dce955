"""The self-check as GET pages: Back works between steps, switching language keeps the
result, answers are unreadable in the URL and expire, and a question that does not apply
to someone is not mandatory."""

import pytest

from koers.selfcheck import tokens

from .test_views import ALL, STEP1

pytestmark = pytest.mark.django_db


def test_every_step_is_a_get_page_so_back_never_resubmits(client):
    first = client.post("/en/check/", STEP1)
    assert first.status_code == 303
    screen_2 = first["Location"]
    assert screen_2.startswith("/en/check/?screen=2&s=")
    second = client.post("/en/check/", {**STEP1, "screen": "2", "needs": ["housing"]})
    assert second.status_code == 303 and "screen=3" in second["Location"]
    # Back in the browser = GET the previous URL again: the same screen, answers kept.
    again = client.get(screen_2).content.decode()
    assert 'name="screen" value="2"' in again
    assert '<input type="hidden" name="situation" value="considering">' in again
    # The form's own Back button is a redirect to a GET page as well.
    back = client.post("/en/check/", {**STEP1, "screen": "2", "back": "1"})
    assert back.status_code == 303 and "screen=1" in back["Location"]
    html = client.get(back["Location"]).content.decode()
    assert 'value="within"' in html and "checked" in html


def test_the_result_is_a_get_page_and_survives_a_language_switch(client):
    done = client.post("/en/check/result/", ALL)
    assert done.status_code == 303
    result_url = done["Location"]
    assert result_url.startswith("/en/check/result/?s=")
    html = client.get(result_url).content.decode()
    assert "Support that fits your answers" in html
    switch = client.get("/language/ro/", {"next": result_url})
    assert switch["Location"].startswith("/ro/check/result/?s=")
    romanian = client.get(switch["Location"])
    assert romanian.status_code == 200
    assert '<html lang="ro">' in romanian.content.decode()
    assert "check/result" in romanian.request["PATH_INFO"]


def test_answers_cannot_be_read_from_the_url_or_changed(client):
    url = client.post("/en/check/result/", {**ALL, "unsafe": "yes"})["Location"]
    for answer in ("considering", "housing", "Amsterdam", "unsafe", "migration"):
        assert answer not in url
    token = url.split("s=", 1)[1]
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    assert client.get(f"/en/check/result/?s={tampered}")["Location"] == "/en/check/"
    assert tokens.unseal("not a token") is None
    assert tokens.unseal("x" * 10_000) is None


def test_an_old_link_has_expired_and_says_so(client, monkeypatch):
    url = client.post("/en/check/", STEP1)["Location"]
    monkeypatch.setattr(tokens, "TOKEN_TTL", -1)
    html = client.get(url).content.decode()
    assert "has expired" in html
    assert "checked" not in html, "nothing of the old answers is shown"
    assert 'name="screen" value="1"' in html


@pytest.mark.parametrize("situation", ["doing", "stopped"])
def test_direction_is_not_mandatory_when_not_thinking_about_change(client, situation):
    response = client.post("/en/check/", {"screen": "1", "situation": situation})
    assert response.status_code == 303 and "screen=2" in response["Location"]


@pytest.mark.parametrize("situation", ["considering", "changing"])
def test_direction_is_asked_of_someone_thinking_about_change(client, situation):
    response = client.post("/en/check/", {"screen": "1", "situation": situation})
    assert response.status_code == 200
    assert "“I am not sure yet” is fine too" in response.content.decode()


def test_topic_information_is_linked_from_home_search_and_result(client):
    for url in ("/en/", "/en/support/", client.post("/en/check/result/", ALL)["Location"]):
        assert 'href="/en/check/information/"' in client.get(url).content.decode(), url


def test_nothing_is_stored_while_stepping_through(client):
    from django.contrib.sessions.models import Session

    client.get(client.post("/en/check/", STEP1)["Location"])
    client.get(client.post("/en/check/result/", ALL)["Location"])
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies
