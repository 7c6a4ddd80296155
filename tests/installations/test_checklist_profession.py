"""The installation checklist per profession and practice mode (issue 13, the review's
« Installation checklist » table): what each newcomer is told to do, and where it comes from."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from installations import checklists, services, workflow
from installations.enums import CaseStatus
from installations.models import StepTemplate
from tests.installations.factories import CaseFactory, StepTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(professions):
    return checklists.seed()


@pytest.fixture
def submit(seeded, newcomer, desk, figeac, professions):
    """Submit a case of that profession and practice mode; its step titles, in order."""

    def submit(profession, mode):
        draft = CaseFactory(
            applicant=newcomer,
            draft=True,
            profession=professions[profession],
            practice_mode=mode,
            communes=[figeac],
        )
        draft.consent_at = timezone.now()
        draft.save()
        case = workflow.transition(draft, CaseStatus.SUBMITTED, by=newcomer)
        return case, [step.title for step in case.steps.all()]

    return submit


def one(titles, fragment):
    matching = [title for title in titles if fragment in title]
    assert len(matching) == 1, (fragment, titles)
    return matching[0]


def checklist_items(html):
    checklist = html.split('<ul class="checklist">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li[^>]*>(.*?)</li>", checklist, re.S)


class TestWhoGetsWhat:
    def test_liberal_gp_gets_ordre_cpam_declaration_cps_carmf_and_insurance(self, submit):
        _case, titles = submit("medecin-generaliste", "liberal")
        assert one(titles, "Ordre") == "Inscription au tableau de l'Ordre des médecins"
        cpam = one(titles, "Rendez-vous CPAM")
        assert "choix du secteur (1 / 2, OPTAM)" in cpam
        assert "feuilles de soins" in cpam and "demande de l'aide à l'installation" in cpam
        assert one(titles, "Déclaration de début d'activité") == (
            "Déclaration de début d'activité (guichet unique des formalités) ; "
            "pour les conventionnés, faite avec la CPAM"
        )
        assert "activer la e-CPS" in one(titles, "RPPS et carte CPS")
        assert one(titles, "caisse de retraite") == "Affiliation à la caisse de retraite : CARMF"
        assert one(titles, "responsabilité civile") == (
            "Assurance responsabilité civile professionnelle — obligatoire avant le début "
            "d'exercice"
        )
        assert not [t for t in titles if "URSSAF" in t.upper() and "CPAM" not in t]
        assert titles.index(one(titles, "Ordre")) < titles.index(cpam)

    def test_a_specialist_gets_the_doctors_steps(self, submit):
        _case, titles = submit("cardiologie", "liberal")
        assert one(titles, "Ordre") == "Inscription au tableau de l'Ordre des médecins"
        assert "OPTAM" in one(titles, "Rendez-vous CPAM")
        assert one(titles, "caisse de retraite").endswith("CARMF")
        assert "Rencontre avec la CPTS du territoire" not in titles  # a GP's step

    def test_liberal_speech_therapist_registers_with_the_ars_not_an_ordre(self, submit):
        _case, titles = submit("orthophoniste", "liberal")
        assert not [t for t in titles if "Ordre" in t]
        assert one(titles, "ARS") == "Enregistrement du diplôme auprès de l'ARS (répertoire RPPS)"
        assert one(titles, "caisse de retraite").endswith("CARPIMKO")
        assert "OPTAM" not in one(titles, "Rendez-vous CPAM")  # sectors are the doctors'

    def test_osteopath_has_no_cpam_step(self, submit):
        _case, titles = submit("osteopathe", "liberal")
        assert not [t for t in titles if "CPAM" in t]
        assert one(titles, "Déclaration de début d'activité") == (
            "Déclaration de début d'activité (guichet unique des formalités)"
        )
        assert one(titles, "ARS").startswith("Enregistrement du diplôme")

    def test_salaried_gp_has_no_liberal_step(self, submit):
        _case, titles = submit("medecin-generaliste", "salaried")
        assert one(titles, "Ordre") == "Inscription au tableau de l'Ordre des médecins"
        assert one(titles, "RPPS et carte CPS")
        assert one(titles, "Contrat de travail") == "Contrat de travail avec l'employeur"
        for liberal in ("CPAM", "URSSAF", "Déclaration de début d'activité", "retraite"):
            assert not [t for t in titles if liberal.lower() in t.lower()], liberal
        assert "Locaux professionnels" not in titles

    def test_mixed_practice_gets_both_paths(self, submit):
        _case, titles = submit("infirmier", "mixed")
        assert one(titles, "Ordre") == "Inscription au tableau de l'Ordre des infirmiers"
        assert one(titles, "Contrat de travail")
        assert one(titles, "Rendez-vous CPAM")
        assert one(titles, "caisse de retraite").endswith("CARPIMKO")

    def test_unconfirmed_funds_say_so(self, seeded, professions):
        for code, fund in [("sage-femme", "CARCDSF"), ("pharmacien", "CAVP")]:
            template = StepTemplate.objects.get(code=f"retraite-{code}")
            assert template.title.endswith(fund)
            assert "aucune page consultée par la revue" in template.to_confirm


class TestSources:
    def test_every_step_shown_to_the_newcomer_has_a_dated_source_or_is_to_confirm(
        self, client, newcomer, submit
    ):
        case, titles = submit("medecin-generaliste", "liberal")
        client.force_login(newcomer)
        html = client.get(reverse("installations:case", kwargs={"pk": case.pk})).content.decode()
        items = checklist_items(html)
        assert len(items) == len(titles) >= 8
        for item in items:
            dated_source = re.search(r"Source : .+, consultée le \d+(er)?\s\w+\s\d{4}", item)
            assert (
                dated_source
                or "à confirmer" in item
                or "Démarche pratique proposée par le guichet" in item
            ), item
        cps = next(item for item in items if "RPPS et carte CPS" in item)
        assert "consultée le 23\xa0novembre 2026" in cps
        assert "à confirmer" in cps and "Activation de la e-CPS" in cps
        carmf = next(item for item in items if "CARMF" in item)
        assert 'href="https://www.ameli.fr/medecin/' in carmf and "à confirmer" not in carmf

    def test_the_referent_checklist_shows_the_sources_too(self, client, referent, submit):
        case, _titles = submit("orthophoniste", "liberal")
        case.referent = referent
        case.status = CaseStatus.IN_PROGRESS  # data set-up only: the page, not the transition
        case.save()
        client.force_login(referent)
        html = client.get(
            reverse("installations:referent_case", kwargs={"pk": case.pk})
        ).content.decode()
        registration = next(item for item in checklist_items(html) if "ARS" in item)
        assert "Source : " in registration and "PAPS Auvergne-Rhône-Alpes" in registration

    def test_the_cps_card_is_never_said_to_be_ordered(self, seeded):
        for template in StepTemplate.objects.filter(is_active=True):
            assert "commandée" not in f"{template.title} {template.description}".lower()

    def test_every_seeded_template_has_a_dated_source_or_a_reason(self, seeded):
        for template in StepTemplate.objects.filter(code__isnull=False):
            if template.source_title:
                assert template.source_date is not None, template.code
            else:
                assert template.to_confirm or template.is_practical, template.code


class TestSeeding:
    def test_the_command_seeds_every_profession(self, professions):
        output = StringIO()
        call_command("seed_checklists", stdout=output)
        count = StepTemplate.objects.filter(is_active=True, code__isnull=False).count()
        assert output.getvalue().strip() == f"{count} modèles de démarches à jour."
        assert StepTemplate.objects.filter(code="ars-rpps-psychologue", to_confirm__gt="").exists()

    def test_seeding_twice_changes_nothing(self, seeded):
        before = list(StepTemplate.objects.order_by("code").values())
        assert checklists.seed() == seeded
        assert list(StepTemplate.objects.order_by("code").values()) == before

    def test_old_general_steps_are_retired_but_existing_cases_keep_theirs(
        self, professions, newcomer, other_newcomer, desk, figeac
    ):
        old = StepTemplateFactory(
            title="Carte de professionnel de santé (CPS)",
            description="Commandée après l'inscription à l'Ordre.",
            profession=None,
        )
        nurse = professions["infirmier"]
        earlier = CaseFactory(applicant=newcomer, desk=desk, profession=nurse, communes=[figeac])
        services.create_steps(earlier)
        checklists.seed()
        old.refresh_from_db()
        assert not old.is_active
        assert [s.title for s in earlier.steps.all()] == ["Carte de professionnel de santé (CPS)"]
        later = CaseFactory(
            applicant=other_newcomer, desk=desk, profession=nurse, communes=[figeac]
        )
        services.create_steps(later)
        titles = [s.title for s in later.steps.all()]
        assert "Carte de professionnel de santé (CPS)" not in titles
        assert one(titles, "RPPS et carte CPS")
