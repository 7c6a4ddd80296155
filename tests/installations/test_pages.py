from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from installations import services, workflow
from installations.enums import CaseStatus, EventKind
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db


def referent_url(case, view="referent_case", **kwargs):
    return reverse(f"installations:{view}", kwargs={"pk": case.pk, **kwargs})


class TestMyCase:
    def test_status_next_step_referent_and_public_timeline(
        self, client, newcomer, in_progress_case, referent, referent_profile
    ):
        services.add_note(in_progress_case, by=referent, body="Note interne confidentielle")
        services.post_message(in_progress_case, by=referent, body="Bonjour Camille")
        client.force_login(newcomer)
        response = client.get(reverse("installations:my_case"))
        assert response.status_code == 302
        html = client.get(response["Location"]).content.decode()
        assert "Votre accompagnement est en cours" in html
        assert referent.email in html
        assert "Bonjour Camille" in html
        assert "Note interne confidentielle" not in html
        assert "Retirer ma demande" in html

    def test_median_duration_of_the_step_at_this_desk(self, client, newcomer, desk, gp, figeac):
        now = timezone.now()
        for days in (1, 2, 10):
            CaseFactory(
                desk=desk,
                profession=gp,
                assigned=True,
                submitted_at=now - timedelta(days=days + 1),
                assigned_at=now - timedelta(days=1),
            )
        case = CaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[figeac])
        client.force_login(newcomer)
        html = client.get(case.get_absolute_url()).content.decode()
        assert "prend en général 2 jours (médiane des 3 derniers dossiers)" in html

    def test_not_enough_cases_for_a_median(self, client, newcomer, submitted_case):
        client.force_login(newcomer)
        html = client.get(submitted_case.get_absolute_url()).content.decode()
        assert "Pas encore assez de dossiers" in html

    def test_message_to_the_referent_is_mailed(self, client, newcomer, assigned_case, referent):
        client.force_login(newcomer)
        response = client.post(
            reverse("installations:message", kwargs={"pk": assigned_case.pk}),
            {"body": "Quand pouvons-nous nous appeler ?"},
        )
        assert response.status_code == 302
        assert assigned_case.events.filter(kind=EventKind.MESSAGE, actor=newcomer).exists()
        mail = OutgoingMail.objects.get(to=referent.email)
        assert "Nouveau message" in mail.subject
        assert "Quand pouvons-nous" not in mail.body_text  # the text stays on the portal

    def test_too_long_message_is_refused(self, client, newcomer, assigned_case):
        client.force_login(newcomer)
        response = client.post(
            reverse("installations:message", kwargs={"pk": assigned_case.pk}),
            {"body": "x" * 5001},
            follow=True,
        )
        assert "5000 caractères au plus" in response.content.decode()
        assert not assigned_case.events.filter(kind=EventKind.MESSAGE).exists()

    def test_withdraw(self, client, newcomer, assigned_case, referent):
        client.force_login(newcomer)
        url = reverse("installations:withdraw", kwargs={"pk": assigned_case.pk})
        assert "Pourquoi retirez-vous" in client.get(url).content.decode()
        client.post(url, {"reason": "Projet reporté"})
        assigned_case.refresh_from_db()
        assert assigned_case.status == CaseStatus.WITHDRAWN
        assert OutgoingMail.objects.filter(to=referent.email).exists()

    def test_vacancy_interest_adds_it_to_the_case(
        self, client, newcomer, submitted_case, gp, figeac
    ):
        from structures.models import Structure, Vacancy

        structure = Structure.objects.create(name="MSP de Figeac", kind="msp", commune=figeac)
        vacancy = Vacancy.objects.create(
            structure=structure, profession=gp, practice_mode="liberal"
        )
        client.force_login(newcomer)
        response = client.post(
            reverse("installations:vacancy_interest", kwargs={"vacancy_pk": vacancy.pk})
        )
        assert response["Location"] == submitted_case.get_absolute_url()
        assert list(submitted_case.interested_vacancies.all()) == [vacancy]
        assert "MSP de Figeac" in client.get(response["Location"]).content.decode()


class TestWorkspace:
    def test_lists_only_my_cases_sorted_by_next_action(
        self, client, referent, other_referent, desk, gp
    ):
        today = timezone.localdate()
        later = CaseFactory(
            desk=desk,
            profession=gp,
            in_progress=True,
            referent=referent,
            next_action_on=today + timedelta(days=9),
        )
        sooner = CaseFactory(
            desk=desk,
            profession=gp,
            in_progress=True,
            referent=referent,
            next_action_on=today + timedelta(days=1),
        )
        none = CaseFactory(desk=desk, profession=gp, assigned=True, referent=referent)
        other = CaseFactory(desk=desk, profession=gp, assigned=True, referent=other_referent)
        client.force_login(referent)
        response = client.get(reverse("installations:workspace"))
        cases = list(response.context["page"].object_list)
        assert cases == [sooner, later, none]
        assert other.reference not in response.content.decode()

    def test_filters(self, client, referent, desk, gp, professions):
        CaseFactory(desk=desk, profession=gp, assigned=True, referent=referent)
        nurse = CaseFactory(
            desk=desk, profession=professions["infirmier"], in_progress=True, referent=referent
        )
        overdue = CaseFactory(
            desk=desk,
            profession=gp,
            in_progress=True,
            referent=referent,
            next_action_on=timezone.localdate() - timedelta(days=3),
        )
        client.force_login(referent)
        url = reverse("installations:workspace")
        by_status = client.get(url, {"status": "in_progress"}).context["page"].object_list
        assert set(by_status) == {nurse, overdue}
        by_profession = client.get(url, {"profession": professions["infirmier"].pk})
        assert list(by_profession.context["page"].object_list) == [nurse]
        late = client.get(url, {"overdue": "on"}).context["page"].object_list
        assert list(late) == [overdue]
        html = client.get(url, {"status": "closed"}).content.decode()
        assert "Aucun dossier ne correspond à ces filtres." in html

    def test_empty_state(self, client, referent):
        client.force_login(referent)
        html = client.get(reverse("installations:workspace")).content.decode()
        assert "Aucun dossier ne vous est confié pour l'instant" in html


class TestReferentCasePage:
    def test_shows_allowed_transitions_only(self, client, referent, assigned_case):
        client.force_login(referent)
        html = client.get(referent_url(assigned_case)).content.decode()
        assert "Premier contact effectué" in html
        assert "Enregistrer l&#x27;installation" not in html

    def test_first_contact_then_message_then_installation(
        self, client, referent, assigned_case, figeac, newcomer
    ):
        client.force_login(referent)
        url = referent_url(assigned_case, "referent_transition", name="start")
        response = client.post(url, {"start-version": assigned_case.version, "start-note": ""})
        assert "Décrivez le premier contact" in response.content.decode()
        client.post(url, {"start-version": assigned_case.version, "start-note": "Appel ce matin"})
        assigned_case.refresh_from_db()
        assert assigned_case.status == CaseStatus.IN_PROGRESS

        client.post(
            referent_url(assigned_case, "referent_message"), {"message-body": "Bienvenue !"}
        )
        assert OutgoingMail.objects.filter(
            to=newcomer.email, subject__startswith="Nouveau message"
        ).exists()

        client.post(
            referent_url(assigned_case, "referent_transition", name="install"),
            {
                "install-version": assigned_case.version,
                "install-installed_on": "2026-12-01",
                "install-commune": "Figeac (46102)",
                "install-mode": "liberal",
            },
        )
        assigned_case.refresh_from_db()
        assert assigned_case.status == CaseStatus.INSTALLED
        assert assigned_case.professional.commune == figeac

    def test_a_case_given_to_someone_else_meanwhile_answers_404(
        self, client, referent, staff, assigned_case, other_referent
    ):
        client.force_login(referent)
        seen = assigned_case.version
        workflow.transition(assigned_case, CaseStatus.ASSIGNED, by=staff, referent=other_referent)
        response = client.post(
            referent_url(assigned_case, "referent_transition", name="start"),
            {"start-version": seen, "start-note": "Appel"},
            follow=True,
        )
        assert response.status_code == 404  # no longer their case: nothing leaks
        assigned_case.refresh_from_db()
        assert assigned_case.status == CaseStatus.ASSIGNED

    def test_stale_version_message(self, client, referent, in_progress_case):
        client.force_login(referent)
        seen = in_progress_case.version
        type(in_progress_case).objects.filter(pk=in_progress_case.pk).update(version=seen + 1)
        response = client.post(
            referent_url(in_progress_case, "referent_transition", name="hold"),
            {"hold-version": seen, "hold-resume_on": "2030-01-01"},
            follow=True,
        )
        assert "modifié entre-temps" in response.content.decode()
        in_progress_case.refresh_from_db()
        assert in_progress_case.status == CaseStatus.IN_PROGRESS

    def test_note_next_action_and_steps(self, client, referent, in_progress_case, step_templates):
        services.create_steps(in_progress_case)
        step = in_progress_case.steps.first()
        client.force_login(referent)
        client.post(
            referent_url(in_progress_case, "referent_note"), {"note-body": "<script>x</script>"}
        )
        client.post(
            referent_url(in_progress_case, "referent_next_action"),
            {"next-next_action_on": "2030-02-03"},
        )
        client.post(referent_url(in_progress_case, "referent_step", step_pk=step.pk), {"done": "1"})
        in_progress_case.refresh_from_db()
        assert in_progress_case.next_action_on.isoformat() == "2030-02-03"
        step.refresh_from_db()
        assert step.done_at and step.done_by == referent
        html = client.get(referent_url(in_progress_case)).content.decode()
        assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
        kinds = set(in_progress_case.events.values_list("kind", flat=True))
        assert {EventKind.NOTE, EventKind.NEXT_ACTION, EventKind.STEP} <= kinds


def test_vacancy_pages_offer_the_interest_button_to_newcomers(client, newcomer, gp, figeac):
    from structures.models import Structure, Vacancy

    structure = Structure.objects.create(name="MSP de Figeac", kind="msp", commune=figeac)
    vacancy = Vacancy.objects.create(structure=structure, profession=gp, practice_mode="liberal")
    client.force_login(newcomer)
    html = client.get(reverse("structures:vacancies")).content.decode()
    assert reverse("installations:vacancy_interest", kwargs={"vacancy_pk": vacancy.pk}) in html
    assert "Ce poste m&#x27;intéresse" in html or "Ce poste m'intéresse" in html


def test_my_case_links_the_prefilled_simulator_and_lists_invitations(
    client, newcomer, submitted_case, desk, figeac
):
    from tests.events.factories import InvitationFactory

    InvitationFactory(
        event__title="Soirée d'accueil de Figeac",
        event__desk=desk,
        event__commune=figeac,
        user=newcomer,
        email=newcomer.email,
    )
    client.force_login(newcomer)
    html = client.get(submitted_case.get_absolute_url()).content.decode()
    assert "/aides/simulateur/?" in html and "profession=medecin-generaliste" in html
    assert "commune=46102" in html
    assert "Soirée d&#x27;accueil de Figeac" in html


def test_referent_sees_the_aid_assessment(client, referent, in_progress_case):
    client.force_login(referent)
    html = client.get(
        reverse("installations:referent_case", kwargs={"pk": in_progress_case.pk})
    ).content.decode()
    assert "Aides possibles" in html


def test_the_referent_opens_one_action_at_a_time(client, referent, in_progress_case):
    """Issue 17: the page lists the transitions as links; ``?action=hold`` shows that form
    only; a refused POST comes back with its error and what was typed."""
    client.force_login(referent)
    url = reverse("installations:referent_case", kwargs={"pk": in_progress_case.pk})
    html = client.get(url).content.decode()
    assert "?action=hold#action-hold" in html and 'name="hold-resume_on"' not in html
    html = client.get(url, {"action": "hold"}).content.decode()
    assert 'name="hold-resume_on"' in html and 'name="install-installed_on"' not in html
    assert 'name="hold-version"' in html
    html = client.get(url, {"action": "inconnue"}).content.decode()
    assert 'name="hold-resume_on"' not in html  # an unknown action opens nothing
    response = client.post(
        reverse(
            "installations:referent_transition", kwargs={"pk": in_progress_case.pk, "name": "hold"}
        ),
        {"hold-version": in_progress_case.version, "hold-reason": "Attente du bail"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'name="hold-resume_on"' in html
    assert "Attente du bail" in html
