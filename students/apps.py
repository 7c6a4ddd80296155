from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = "Étudiants, internes et logement"

    def ready(self):
        # Models are importable only once the registry is ready.
        from installations import panels
        from students.panels import PANELS

        for panel in PANELS:
            panels.register(panel)
