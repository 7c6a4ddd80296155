"""Admin permissions follow the role; there are no per-user permission lists to keep."""

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
        }
    ),
    Role.COORDINATOR: frozenset({"events"}),
}


class RoleBackend(BaseBackend):
    """Grants the model permissions of the apps a role works on (superusers have them all).

    Which *rows* a user reaches is decided elsewhere, by each model's ``visible_to`` queryset.
    """

    def _app_labels(self, user_obj):
        if not user_obj.is_active or user_obj.is_anonymous:
            return frozenset()
        return ROLE_APP_LABELS.get(getattr(user_obj, "role", None), frozenset())

    def has_perm(self, user_obj, perm, obj=None):
        return perm.split(".", 1)[0] in self._app_labels(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return app_label in self._app_labels(user_obj)
