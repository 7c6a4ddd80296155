from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from portal.cache import reads_are_queries
from portal.roles import ADMIN_ROLES, Role, role_of
from territories.models import (
    DEFAULT_DESK_CACHE_KEY,
    SITE_DESK_TIMEOUT,
    Desk,
    DeskMember,
    member_desk_cache_key,
)

DESK_ROLES = ADMIN_ROLES | {Role.REFERENT}


def _member_desk(user):
    member = DeskMember.objects.select_related("desk").filter(user=user).first()
    return member.desk if member is not None else False


def _site_desk(user):
    if role_of(user) in DESK_ROLES:
        if reads_are_queries():
            desk = _member_desk(user)
        else:
            # The member's desk from the cache (Redis): no query on the desk side's pages;
            # a save of the membership or of the desk forgets it (territories.models).
            key = member_desk_cache_key(user.pk)
            desk = cache.get(key)
            if desk is None:
                desk = _member_desk(user)
                cache.set(key, desk, SITE_DESK_TIMEOUT)
        if desk:
            return desk
    site_desk = cache.get(DEFAULT_DESK_CACHE_KEY)
    if site_desk is None:
        site_desk = Desk.objects.filter(is_active=True).order_by("pk").first() or False
        cache.set(DEFAULT_DESK_CACHE_KEY, site_desk, SITE_DESK_TIMEOUT)
    return site_desk or None


def desk(request):
    """The desk whose identity the header shows: the signed-in member's, else the first one.
    Lazy, so a page that does not show the header pays no query; kept in the cache, so a
    page that shows it pays none either once warm."""
    return {"site_desk": SimpleLazyObject(lambda: _site_desk(request.user))}
