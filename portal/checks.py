"""System checks run by ``manage.py runserver``, ``check`` and ``migrate``: what this machine
lacks for the portal to do everything, said at start rather than at the first click."""

from django.core import checks

from portal.pdf import SYSTEM_PACKAGES, pdf_available


@checks.register(checks.Tags.compatibility)
def pdf_libraries(app_configs=None, **kwargs):
    """WeasyPrint's system libraries: without them the site runs, but no PDF is made."""
    if pdf_available():
        return []
    return [
        checks.Warning(
            "La création de PDF est désactivée : WeasyPrint ne trouve pas les bibliothèques "
            "Pango. Les pages du portail fonctionnent ; les courriers, badges, livrets "
            "d'accueil et bilans en PDF répondent qu'ils sont indisponibles.",
            hint=f"sudo apt-get install {' '.join(SYSTEM_PACKAGES)} fonts-dejavu-core",
            id="portal.W001",
        )
    ]
