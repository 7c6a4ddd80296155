from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = "Territoires"

    def ready(self):
        from portal.pagecache import bump_on_change

        # Cached public pages show communes, their zoning and the desk in the header.
        receiver = bump_on_change("territories")
        for name in ("Department", "Epci", "Commune", "Desk"):
            model = self.get_model(name)
            post_save.connect(receiver, sender=model, dispatch_uid=f"pagecache-save-{name}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"pagecache-delete-{name}")
        desk = self.get_model("Desk")
        for field in ("departments", "epcis"):
            m2m_changed.connect(
                receiver,
                sender=getattr(desk, field).through,
                dispatch_uid=f"pagecache-m2m-desk-{field}",
            )
