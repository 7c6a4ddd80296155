from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Opportunités et mises en relation"

    def ready(self):
        # Models are importable only once the registry is ready.
        from installations import panels
        from opportunities.panels import PANELS

        for panel in PANELS:
            panels.register(panel)
