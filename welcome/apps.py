from django.apps import AppConfig


class WelcomeConfig(AppConfig):
    name = "welcome"
    verbose_name = "Livret d'accueil"

    def ready(self):
        from welcome import panels

        panels.register()
