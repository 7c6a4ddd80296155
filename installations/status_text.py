"""What each status means for the newcomer, and what happens next, in plain words."""

from django.utils.translation import gettext_lazy as _

from installations.enums import CaseStatus

STATUS_TEXT = {
    CaseStatus.DRAFT: {
        "title": _("Votre demande est un brouillon"),
        "next": _("Complétez-la puis envoyez-la : le guichet la reçoit aussitôt."),
        "step": None,
    },
    CaseStatus.SUBMITTED: {
        "title": _("Votre demande a bien été reçue"),
        "next": _("L'équipe du guichet la lit et vous attribue un référent."),
        "step": "triage",
    },
    CaseStatus.ASSIGNED: {
        "title": _("Un référent suit votre demande"),
        "next": _("Votre référent va vous contacter pour faire connaissance."),
        "step": "first_contact",
    },
    CaseStatus.IN_PROGRESS: {
        "title": _("Votre accompagnement est en cours"),
        "next": _("Avec votre référent, vous avancez dans les démarches ci-dessous."),
        "step": "installation",
    },
    CaseStatus.ON_HOLD: {
        "title": _("Votre accompagnement est en pause"),
        "next": _("Il reprendra à la date convenue, ou dès que vous le souhaitez."),
        "step": None,
    },
    CaseStatus.INSTALLED: {
        "title": _("Vous êtes installé·e : bienvenue !"),
        "next": _("Votre référent prendra de vos nouvelles dans 6 puis 12 mois."),
        "step": None,
    },
    CaseStatus.CLOSED: {
        "title": _("Votre dossier est clos"),
        "next": _("Le suivi est terminé. Le guichet reste joignable si besoin."),
        "step": None,
    },
    CaseStatus.DECLINED: {
        "title": _("Votre demande n'a pas pu être prise en charge"),
        "next": _("Le motif est indiqué ci-dessous ; le guichet peut vous orienter ailleurs."),
        "step": None,
    },
    CaseStatus.WITHDRAWN: {
        "title": _("Vous avez retiré votre demande"),
        "next": _("Vous pouvez en déposer une nouvelle à tout moment."),
        "step": None,
    },
}
