"""A Redis cache that a Redis outage degrades instead of breaking.

The cache holds what can be recomputed: anonymous pages (``portal.pagecache``), rate-limit
counters, small lookups. When Redis is unreachable every read is a miss and every write is
dropped, so pages are rendered afresh and rate limits let requests through for the length of
the outage, rather than every page answering 500. Each failure is logged (at most once a
minute per process, so an outage does not flood the logs)."""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY_SECONDS = 60


class _Degrading:
    """Calls the real client; on an unreachable server, answers ``fallback`` instead."""

    last_logged = 0.0

    def __init__(self, method, fallback):
        self.method = method
        self.fallback = fallback

    def __call__(self, *args, **kwargs):
        try:
            return self.method(*args, **kwargs)
        except UNREACHABLE as error:
            now = time.monotonic()
            if now - _Degrading.last_logged > LOG_EVERY_SECONDS:
                _Degrading.last_logged = now
                logger.warning(
                    "Cache Redis injoignable (%s) : lectures manquées, écritures ignorées.", error
                )
            return self.fallback(*args, **kwargs)


def _default(key, default):
    return default


def _delta(key, delta):
    return delta


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fallbacks = {
            "get": _default,
            "add": lambda *a, **k: True,
            "set": lambda *a, **k: None,
            "touch": lambda *a, **k: False,
            "delete": lambda *a, **k: False,
            "get_many": lambda *a, **k: {},
            "has_key": lambda *a, **k: False,
            "incr": _delta,
            "set_many": lambda *a, **k: None,
            "delete_many": lambda *a, **k: None,
            "clear": lambda *a, **k: False,
        }
        for name, fallback in fallbacks.items():
            setattr(self, name, _Degrading(getattr(self, name), fallback))


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient


def reads_are_queries() -> bool:
    """Whether a read of the default cache is a database query (the embedded default's
    database cache): then caching a one-row lookup saves nothing."""
    return isinstance(caches["default"], DatabaseCache)
