from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Données ouvertes (API publique)"

    def ready(self):
        from events.models import Event
        from portal.pagecache import bump_on_change

        # The API's events list is cached for anonymous callers: a changed event refreshes it.
        # (structures, aids and territories bump their own namespaces.)
        receiver = bump_on_change("events")
        post_save.connect(receiver, sender=Event, dispatch_uid="pagecache-save-event")
        post_delete.connect(receiver, sender=Event, dispatch_uid="pagecache-delete-event")
        for field in Event._meta.many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache-m2m-event-{field.name}",
            )
