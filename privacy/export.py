"""« Mes données »: everything the portal holds about one person, as plain data.

``personal_data(user)`` reads it in a fixed number of queries and returns a dict (the JSON
download serialises it; the printable page renders it). Only what concerns the person: their
account, their cases with the timeline lines they may see, checklists, housing requests and
introductions, their event invitations, their ambassador profiles, the hotline records kept
under their e-mail address, and the mail the portal sent them.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone

from ambassadors.models import TOPIC_LABELS, Ambassador, Introduction
from events.models import Invitation
from hotline.models import HotlineRecord
from installations.models import NEED_LABELS, SETTING_LABELS, Case, CaseEvent
from portal.models import OutgoingMail


def _when(value):
    """A moment in local time (the JSON writes it in ISO 8601, the page in French)."""
    return timezone.localtime(value) if value else None


def _day(value):
    return value


def _case(case):
    introduced = [
        {
            "proposee_le": _when(intro.proposed_at),
            "sujets": [str(TOPIC_LABELS.get(t, t)) for t in intro.topics],
            "votre_reponse": intro.get_newcomer_answer_display(),
            # The ambassador's name is theirs to give: shown once both accepted, as on the site.
            "ambassadeur": (
                f"{intro.ambassador.first_name} {intro.ambassador.last_name}".strip()
                if intro.introduced_at
                else None
            ),
            "mise_en_relation_le": _when(intro.introduced_at),
        }
        for intro in case.introductions.all()
    ]
    return {
        "reference": case.reference,
        "statut": case.get_status_display(),
        "nature": case.get_kind_display(),
        "guichet": case.desk.name if case.desk else None,
        "civilite": case.get_civility_display() if case.civility else "",
        "prenom": case.first_name,
        "nom": case.last_name,
        "telephone": case.phone,
        "preference_de_contact": case.get_contact_preference_display(),
        "profession": case.profession.label if case.profession else None,
        "situation": case.get_situation_display() if case.situation else "",
        "rpps": case.rpps,
        "communes_souhaitees": [commune.name for commune in case.wished_communes.all()],
        "intercommunalites_souhaitees": [epci.name for epci in case.wished_epcis.all()],
        "cadre_souhaite": [str(SETTING_LABELS.get(s, s)) for s in case.wished_settings],
        "date_envisagee": _day(case.target_date),
        "besoins": [str(NEED_LABELS.get(n, n)) for n in case.needs],
        "precisions_sur_les_besoins": case.needs_details,
        "projet": case.project_text,
        "faculte": case.faculty,
        "consentement_le": _when(case.consent_at),
        "cree_le": _when(case.created_at),
        "envoye_le": _when(case.submitted_at),
        "installe_le": _day(case.installed_on),
        "commune_d_installation": case.installed_commune.name if case.installed_commune else None,
        "clos_le": _when(case.closed_at),
        "historique": [
            {
                "date": _when(event.created_at),
                "type": event.get_kind_display(),
                "statut_avant": event.get_from_status_display() if event.from_status else "",
                "statut_apres": event.get_to_status_display() if event.to_status else "",
                "texte": event.body,
            }
            for event in case.public_events
        ],
        "demarches": [
            {"demarche": step.title, "echeance": _day(step.due_on), "faite_le": _when(step.done_at)}
            for step in case.steps.all()
        ],
        "demandes_de_logement": [
            {
                "du": _day(housing.starts_on),
                "au": _day(housing.ends_on),
                "precisions": housing.notes,
                "statut": housing.get_status_display(),
            }
            for housing in case.housing_requests.all()
        ],
        "mises_en_relation": introduced,
    }


def personal_data(user) -> dict:
    email = user.email
    cases = (
        Case.objects.filter(applicant=user)
        .select_related("desk", "profession", "installed_commune")
        .prefetch_related(
            "wished_communes",
            "wished_epcis",
            "steps",
            "housing_requests",
            Prefetch(
                "events",
                queryset=CaseEvent.objects.public().order_by("created_at", "pk"),
                to_attr="public_events",
            ),
            Prefetch(
                "introductions",
                queryset=Introduction.objects.select_related("ambassador").order_by("proposed_at"),
            ),
        )
        .order_by("created_at", "pk")
    )
    invitations = (
        Invitation.objects.filter(Q(user=user) | Q(email__iexact=email))
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    ambassadors = Ambassador.objects.filter(user=user).select_related("commune", "profession")
    calls = HotlineRecord.objects.filter(caller_email__iexact=email).order_by("received_at")
    mails = OutgoingMail.objects.filter(to__iexact=email).order_by("created_at", "pk")
    return {
        "produit_le": _when(timezone.now()),
        "compte": {
            "adresse_e_mail": email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "telephone": user.phone,
            "role": user.get_role_display(),
            "inscrit_le": _when(user.date_joined),
            "derniere_connexion": _when(user.last_login),
        },
        "dossiers": [_case(case) for case in cases],
        "invitations": [
            {
                "evenement": invitation.event.title,
                "date": _when(invitation.event.starts_at),
                "prenom": invitation.first_name,
                "nom": invitation.last_name,
                "adresse_e_mail": invitation.email,
                "reponse": invitation.get_status_display(),
                "repondu_le": _when(invitation.answered_at),
            }
            for invitation in invitations
        ],
        "profils_ambassadeur": [
            {
                "prenom": ambassador.first_name,
                "nom": ambassador.last_name,
                "adresse_e_mail": ambassador.email,
                "telephone": ambassador.phone,
                "commune": ambassador.commune.name,
                "profession": ambassador.profession.label if ambassador.profession else None,
                "sujets": [str(TOPIC_LABELS.get(t, t)) for t in ambassador.topics],
                "presentation": ambassador.presentation,
                "valide": ambassador.approved,
                "inscrit_le": _when(ambassador.created_at),
            }
            for ambassador in ambassadors
        ],
        "permanence": [
            {
                "recu_le": _when(call.received_at),
                "canal": call.get_channel_display(),
                "prenom": call.caller_first_name,
                "nom": call.caller_last_name,
                "telephone": call.caller_phone,
                "objet": call.subject,
                "reponse_apportee": call.answer,
            }
            for call in calls
        ],
        "e_mails_envoyes": [
            {
                "date": _when(mail.created_at),
                "objet": mail.subject,
                "etat": mail.get_status_display(),
                "texte": mail.body_text,
            }
            for mail in mails
        ],
    }
