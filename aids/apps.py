from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class AidsConfig(AppConfig):
    name = "aids"
    verbose_name = "Aides"

    def ready(self):
        from portal.pagecache import bump_on_change

        # The simulator's answers are cached for anonymous visitors.
        receiver = bump_on_change("aids")
        scheme = self.get_model("Scheme")
        post_save.connect(receiver, sender=scheme, dispatch_uid="pagecache-save-scheme")
        post_delete.connect(receiver, sender=scheme, dispatch_uid="pagecache-delete-scheme")
        for field in scheme._meta.many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache-m2m-scheme-{field.name}",
            )
