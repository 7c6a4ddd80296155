from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    WELCOME_EVENING = "welcome_evening", _("soirée d'accueil des nouveaux professionnels")
    INTERNS_WELCOME = "interns_welcome", _("accueil des internes")
    TRAINING = "training", _("formation pluriprofessionnelle")
    INTERNS_ELECTED = "interns_elected", _("rencontre internes–élus")
    OTHER = "other", _("autre")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publié")
    CANCELLED = "cancelled", _("annulé")
    DONE = "done", _("terminé")


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("invité·e, sans réponse")
    ACCEPTED = "accepted", _("inscrit·e")
    DECLINED = "declined", _("a décliné")
    WAITING = "waiting", _("liste d'attente")
    ATTENDED = "attended", _("présent·e")


# Who holds a seat: the capacity counts them (and the guests they bring).
SEATED_STATES = (InvitationStatus.ACCEPTED, InvitationStatus.ATTENDED)
# Who is expected on the evening: the sign-in sheet, badges and check-in list them.
EXPECTED_STATES = (InvitationStatus.ACCEPTED, InvitationStatus.ATTENDED)


class Audience(models.TextChoices):
    """Segments a coordinator can write to."""

    ACCEPTED = "accepted", _("les inscrits")
    WAITING = "waiting", _("la liste d'attente")
    NO_ANSWER = "no_answer", _("ceux qui n'ont pas encore répondu")
    ATTENDED = "attended", _("les présents")
    ABSENT = "absent", _("les absents (inscrits non venus)")


class DocumentKind(models.TextChoices):
    LETTERS = "letters", _("lettres d'invitation")
    SIGN_IN = "sign_in", _("feuille d'émargement")
    BADGES_8 = "badges_8", _("badges, 8 par page")
    BADGES_10 = "badges_10", _("badges, 10 par page")


class LettersFor(models.TextChoices):
    """Whom a print run of letters is for."""

    ALL = "all", _("tous les invités n'ayant pas décliné")
    POSTAL = "postal", _("les invités sans adresse e-mail (courrier seulement)")
    NO_ANSWER = "no_answer", _("les invités qui n'ont pas encore répondu")
