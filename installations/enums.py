from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("envoyé, en attente d'attribution")
    ASSIGNED = "assigned", _("attribué à un référent")
    IN_PROGRESS = "in_progress", _("en cours d'accompagnement")
    ON_HOLD = "on_hold", _("en pause")
    INSTALLED = "installed", _("installé·e")
    CLOSED = "closed", _("clos")
    DECLINED = "declined", _("hors du champ du guichet")
    WITHDRAWN = "withdrawn", _("retiré")


# A newcomer may withdraw while the case is open; one open case per profession.
OPEN_STATES = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.SUBMITTED,
        CaseStatus.ASSIGNED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.ON_HOLD,
    }
)
# The referent's load: cases they are actively following.
REFERENT_LOAD_STATES = frozenset({CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD})
# Finished cases, which staff may reopen.
ENDED_STATES = frozenset({CaseStatus.DECLINED, CaseStatus.WITHDRAWN, CaseStatus.CLOSED})


class Civility(models.TextChoices):
    MADAME = "mme", _("Madame")
    MONSIEUR = "m", _("Monsieur")
    NONE = "", _("Ne pas préciser")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("par e-mail")
    PHONE = "phone", _("par téléphone")


class Situation(models.TextChoices):
    STUDENT = "student", _("étudiant·e")
    INTERN = "intern", _("interne")
    LOCUM = "locum", _("remplaçant·e")
    PRACTISING = "practising", _("en exercice ailleurs")
    OTHER = "other", _("autre")


class WishedSetting(models.TextChoices):
    MSP = "msp", _("maison de santé pluriprofessionnelle")
    HEALTH_CENTRE = "centre_sante", _("centre de santé")
    PRACTICE = "cabinet", _("cabinet")
    HOSPITAL = "hopital", _("hôpital")


class Need(models.TextChoices):
    HOUSING = "housing", _("logement")
    SPOUSE_JOB = "spouse_job", _("emploi du conjoint ou de la conjointe")
    SCHOOLING = "schooling", _("scolarité, garde d'enfants")
    PREMISES = "premises", _("locaux professionnels")
    FINANCIAL_AIDS = "financial_aids", _("aides financières")
    SUPERVISING = "supervising", _("accueil d'internes (maîtrise de stage)")
    LOCUM = "locum", _("remplacements")
    OTHER = "other", _("autre")


class EventKind(models.TextChoices):
    CREATED = "created", _("création")
    STATUS = "status", _("changement de statut")
    REFERENT = "referent", _("référent")
    NOTE = "note", _("note privée")
    MESSAGE = "message", _("message")
    MAIL = "mail", _("e-mail envoyé")
    STEP = "step", _("démarche")
    NEXT_ACTION = "next_action", _("prochaine action")
    UPDATE = "update", _("modification")
    VACANCY = "vacancy", _("poste")
    REMINDER = "reminder", _("relance")
    WELCOME_PACK = "welcome_pack", _("livret d'accueil")
