"""Redis down: pages still serve, sessions fall back to the database, one clear log line."""

import logging
import socket

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from koers.pages.cache import ResilientRedisCache


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the socket closes


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "koers.pages.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # (Django's setting_changed signal drops the old cache connections.)


def test_an_unreachable_redis_is_a_cache_miss_logged_once(redis_down, caplog):
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    with caplog.at_level(logging.ERROR, logger="koers.cache"):
        assert cache.get("anything", "fallback") == "fallback"
        cache.set("k", "v")
        cache.delete("k")
        assert cache.get_many(["a", "b"]) == {}
    lines = [r.getMessage() for r in caplog.records if r.name == "koers.cache"]
    assert len(lines) == 1 and "Redis cache unavailable" in lines[0]


@pytest.mark.django_db
def test_with_redis_down_a_member_logs_in_and_pages_serve(redis_down, users):
    client = Client()
    assert client.get(reverse("pages:home")).status_code == 200
    member = users["member"]
    client.force_login(member)  # stored through cached_db: the database keeps it
    response = client.get(reverse("safety:warnings"), follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user == member  # the session came from the database
    assert "login" not in response.wsgi_request.path
