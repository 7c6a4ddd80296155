"""Public pages served to anonymous visitors from the shared cache.

A page is cached per full URL under the current *version* of each data namespace it reads
(``"structures"``, ``"aids"``, ``"territories"``) and under today's date (some answers depend
on it). Any change to that data bumps the namespace's version once the transaction commits,
so the next visitor gets a freshly rendered page: nothing stale is ever served past a write.
Signals cover model saves and deletes; code that writes in bulk (``update()``,
``bulk_update()``) calls ``bump()`` itself. Entries also expire after ``TIMEOUT`` seconds.

On in production only (``settings.PORTAL_PAGE_CACHE``, default ``settings.PRODUCTION``): in
development and tests every page is rendered afresh. Only anonymous GET/HEAD requests that
carry no flash message are served from or stored in the cache, and only 200 responses that
set no cookie: a signed-in page (CSRF token, name, desk) is never shared.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

TIMEOUT = 600
KEY_PREFIX = "pagecache"


def _version_key(namespace):
    return f"{KEY_PREFIX}:version:{namespace}"


def versions(namespaces):
    keys = [_version_key(n) for n in namespaces]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, None):
            value = cache.get(key) or value
        found[key] = value
    return [found[key] for key in keys]


def bump(*namespaces):
    """Invalidate every cached page that reads ``namespaces``, after the current commit."""

    def apply():
        cache.set_many({_version_key(n): uuid.uuid4().hex for n in namespaces}, None)

    transaction.on_commit(apply)


def bump_on_change(*namespaces):
    """A signal receiver (post_save, post_delete, m2m_changed) that bumps ``namespaces``."""

    def receiver(sender, **kwargs):
        bump(*namespaces)

    return receiver


def enabled():
    return getattr(settings, "PORTAL_PAGE_CACHE", getattr(settings, "PRODUCTION", False))


def _cacheable(request):
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def cache_anonymous_page(*namespaces, timeout=TIMEOUT):
    """Serve the view's page to anonymous visitors from the cache (see the module doc)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            parts = [request.get_full_path(), timezone.localdate().isoformat()]
            parts += versions(namespaces)
            digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
            key = f"{KEY_PREFIX}:page:{view.__module__}.{view.__name__}:{digest}"
            stored = cache.get(key)
            if stored is not None:
                content, content_type = stored
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), timeout)
            return response

        return wrapper

    return decorator
