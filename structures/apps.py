from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = "Offre de soins"

    def ready(self):
        from portal.pagecache import bump_on_change

        # The public directory and structure pages are cached for anonymous visitors.
        receiver = bump_on_change("structures")
        for name in ("Profession", "Structure", "Professional", "Membership", "Vacancy"):
            model = self.get_model(name)
            post_save.connect(receiver, sender=model, dispatch_uid=f"pagecache-save-{name}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"pagecache-delete-{name}")
