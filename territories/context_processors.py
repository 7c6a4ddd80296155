from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from portal.roles import ADMIN_ROLES, Role, role_of
from territories.models import DEFAULT_DESK_CACHE_KEY, Desk, DeskMember

DESK_ROLES = ADMIN_ROLES | {Role.REFERENT}


def _site_desk(user):
    if role_of(user) in DESK_ROLES:
        member = DeskMember.objects.select_related("desk").filter(user=user).first()
        if member is not None:
            return member.desk
    site_desk = cache.get(DEFAULT_DESK_CACHE_KEY)
    if site_desk is None:
        site_desk = Desk.objects.filter(is_active=True).order_by("pk").first() or False
        cache.set(DEFAULT_DESK_CACHE_KEY, site_desk, 300)
    return site_desk or None


def desk(request):
    """The desk whose identity the header shows: the signed-in member's, else the first one.
    Lazy, so a page that does not show the header pays no query."""
    return {"site_desk": SimpleLazyObject(lambda: _site_desk(request.user))}
