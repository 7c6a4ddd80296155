"""Admin permissions follow the role; there are no per-user permission lists to keep.

This table says which *operations* a role has on which models; which *rows* it reaches is
decided by each model's ``visible_to`` / ``manageable_by`` queryset, applied by the admin
base (``portal.admin_scope``). Superusers have every permission (Django's own rule).
"""

from django.contrib.auth.backends import BaseBackend

from portal.roles import Role

ROLE_APP_LABELS = {
    Role.STAFF: frozenset(
        {
            "territories",
            "structures",
            "aids",
            "events",
            "installations",
            "students",
            "ambassadors",
            "hotline",
            "welcome",
            "opportunities",
            "partners",
        }
    ),
    Role.COORDINATOR: frozenset({"events"}),
}

# Shared by every desk, or written by the code: the roles above read them, only superusers
# change them (reference geography, who belongs to a desk, the professions, the checklist
# templates every desk's new cases copy, the reminders and welcome packs the code made).
READ_ONLY_MODELS = frozenset(
    {
        "territories.department",
        "territories.epci",
        "territories.deskmember",
        "structures.profession",
        "installations.steptemplate",
        "installations.reminder",
        "welcome.welcomepack",
    }
)

# Personal data of every desk's public: superusers only.
SUPERUSER_MODELS = frozenset(
    {"structures.vacancysubscription", "partners.partneraccess", "partners.sessionaccess"}
)

# Operations kept for superusers on models the roles above otherwise administer: opening or
# closing a desk, deleting a case.
SUPERUSER_PERMISSIONS = frozenset(
    {"territories.add_desk", "territories.delete_desk", "installations.delete_case"}
)


class RoleBackend(BaseBackend):
    """Grants the model permissions of the apps a role works on, but the operations the
    tables above keep for superusers."""

    def _app_labels(self, user_obj):
        if not user_obj.is_active or user_obj.is_anonymous:
            return frozenset()
        return ROLE_APP_LABELS.get(getattr(user_obj, "role", None), frozenset())

    def has_perm(self, user_obj, perm, obj=None):
        app_label, _dot, codename = perm.partition(".")
        if app_label not in self._app_labels(user_obj) or perm in SUPERUSER_PERMISSIONS:
            return False
        action, _sep, model_name = codename.partition("_")
        model = f"{app_label}.{model_name}"
        if model in SUPERUSER_MODELS:
            return False
        return action == "view" or model not in READ_ONLY_MODELS

    def has_module_perms(self, user_obj, app_label):
        return app_label in self._app_labels(user_obj)
