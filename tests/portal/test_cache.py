"""A Redis outage degrades the cache (misses, dropped writes) instead of breaking pages."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

# Nothing listens on port 1: every connection is refused at once, as when Redis is stopped.
UNREACHABLE = {
    "default": {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_redis_urls_get_the_resilient_backend():
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    if backend.startswith("django.core.cache.backends.redis"):
        pytest.fail("a Redis CACHE_URL must use portal.cache.ResilientRedisCache")


@override_settings(CACHES=UNREACHABLE)
def test_an_unreachable_redis_is_a_miss_and_writes_are_dropped():
    assert cache.get("clé", "absent") == "absent"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("clé", "valeur")
    assert cache.add("compteur", 1) is True
    assert cache.incr("compteur") == 1
    assert cache.delete("clé") is False
    assert cache.has_key("clé") is False


@pytest.mark.django_db
@override_settings(CACHES=UNREACHABLE, PORTAL_PAGE_CACHE=True)
def test_pages_and_sign_in_still_answer_while_redis_is_down(client):
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("structures:directory")).status_code == 200
    login = client.post(reverse("account_login"), {"login": "x@exemple.test", "password": "faux"})
    assert login.status_code == 200
    assert "incorrect" in login.content.decode() or "invalide" in login.content.decode()
