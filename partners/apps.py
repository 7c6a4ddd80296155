from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partenaires du guichet unique"

    def ready(self):
        # Models are importable only once the registry is ready.
        from installations import panels
        from partners.panels import PANELS
        from partners.session_panels import PANELS as SESSION_PANELS

        for panel in PANELS + SESSION_PANELS:
            panels.register(panel)
