from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = "Offre de soins"
