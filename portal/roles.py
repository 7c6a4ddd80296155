"""What a user is, answered in one place.

Roles are data on ``portal.User``; a user's desk (for staff, referents and coordinators) lives
in ``territories.DeskMember``. Everything that needs to know "who is this" calls ``role_of``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NEWCOMER = "newcomer", _("Nouvel arrivant")
    REFERENT = "referent", _("Référent accueil")
    STAFF = "staff", _("Équipe du guichet")
    COORDINATOR = "coordinator", _("Coordinateur d'évènements")


ANONYMOUS = "anonymous"
SUPERUSER = "superuser"

# Roles that work in the Django admin (and so get ``is_staff``).
ADMIN_ROLES = frozenset({Role.STAFF, Role.COORDINATOR})
# Roles that must enrol a second factor before the admin or their workspace (production).
MFA_ROLES = frozenset({Role.STAFF, Role.REFERENT, Role.COORDINATOR, SUPERUSER})


def role_of(user) -> str:
    """``anonymous``, ``superuser`` or one of ``Role``'s values."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    if user.is_superuser:
        return SUPERUSER
    return user.role
