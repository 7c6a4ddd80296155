from django.apps import AppConfig


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = "Ambassadeurs"

    def ready(self):
        # Models are importable only once the registry is ready.
        from ambassadors.panels import PANELS
        from installations import panels

        for panel in PANELS:
            panels.register(panel)
