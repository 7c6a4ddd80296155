"""Fixed-window rate limits on our own forms (submissions, messages), kept in the shared
cache like allauth's. ``limited`` answers a French 429 page."""

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    """The client's address as allauth sees it: behind ``PORTAL_TRUSTED_PROXIES`` proxies, the
    address the outermost trusted proxy wrote in X-Forwarded-For, else REMOTE_ADDR."""
    return get_adapter(request).get_client_ip(request)


def _cache_key(scope: str, key, period: int) -> str:
    return f"ratelimit:{scope}:{key}:{int(time.time() // period)}"


def hit(scope: str, key, limit: int, period: int) -> bool:
    """Count one hit; True while ``key`` stays within ``limit`` hits per ``period`` seconds."""
    cache_key = _cache_key(scope, key, period)
    if cache.add(cache_key, 1, period):
        return limit >= 1
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period)
        return limit >= 1


def reset(scope: str, key, period: int) -> None:
    """Forget ``key``'s hits in the current window (the benchmark measures a limited page
    many times over as one user)."""
    cache.delete(_cache_key(scope, key, period))


def limited(request):
    return render(request, "429.html", status=429)
