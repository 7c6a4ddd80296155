import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import OutgoingMail
from structures import services
from structures.models import Vacancy, VacancySubscription
from tests.structures.factories import StructureFactory, VacancyFactory

pytestmark = pytest.mark.django_db

VACANCIES = reverse("structures:vacancies")


def listed(response):
    return [vacancy.pk for vacancy in response.context["page"].object_list]


def test_lists_open_vacancies_of_published_structures(client, angiology_vacancy, cahors_msp):
    filled = VacancyFactory(structure=cahors_msp, status="filled")
    hidden = VacancyFactory(structure=StructureFactory(published=False))
    response = client.get(VACANCIES)
    assert listed(response) == [angiology_vacancy.pk]
    assert client.get(angiology_vacancy.get_absolute_url()).status_code == 200
    assert client.get(filled.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_empty_list_invites_to_subscribe(client, desk):
    assert "Créez une alerte" in client.get(VACANCIES).content.decode()


def test_profession_filter_includes_specialties(client, angiology_vacancy, cahors_msp):
    gp_vacancy = VacancyFactory(structure=cahors_msp)
    assert listed(client.get(VACANCIES, {"profession": "medecin-specialiste"})) == [
        angiology_vacancy.pk
    ]
    assert listed(client.get(VACANCIES, {"profession": "medecin-generaliste"})) == [gp_vacancy.pk]


def test_filters_by_mode_and_distance(client, angiology_vacancy, cahors_msp):
    liberal = VacancyFactory(structure=cahors_msp, working_time="one_day")
    assert listed(client.get(VACANCIES, {"practice_mode": "salaried"})) == [angiology_vacancy.pk]
    assert listed(client.get(VACANCIES, {"working_time": "one_day"})) == [liberal.pk]
    assert listed(client.get(VACANCIES, {"pres_de": "Cahors", "rayon": "10"})) == [liberal.pk]


def test_vacancy_not_confirmed_for_60_days_reads_to_be_confirmed(client, angiology_vacancy):
    assert "à confirmer" not in client.get(VACANCIES).content.decode()
    Vacancy.objects.update(confirmed_on=timezone.localdate() - timedelta(days=61))
    assert "à confirmer" in client.get(VACANCIES).content.decode()


def test_vacancy_actions_partial_is_rendered_for_each_vacancy(client, angiology_vacancy):
    response = client.get(VACANCIES)
    assert "structures/_vacancy_actions.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("size", [10, 1000])
def test_vacancy_list_query_budget(
    client, desk, cahors_msp, gp, size, django_assert_max_num_queries
):
    Vacancy.objects.bulk_create(
        Vacancy(
            structure=cahors_msp, commune=cahors_msp.commune, profession=gp, practice_mode="liberal"
        )
        for _ in range(size)
    )
    client.get(VACANCIES)
    with django_assert_max_num_queries(8):
        response = client.get(VACANCIES, {"profession": "medecin-generaliste"})
    assert response.context["page"].paginator.count == size


# --- Subscriptions ------------------------------------------------------------------------
def test_subscribing_needs_an_account(client, desk):
    response = client.get(reverse("structures:subscriptions"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_newcomer_subscribes_and_unsubscribes(client, newcomer, figeac_hospital, grand_figeac):
    client.force_login(newcomer)
    response = client.post(
        reverse("structures:subscriptions"),
        {"profession": "medecin-specialiste", "territory": f"e:{grand_figeac.pk}"},
        follow=True,
    )
    assert "Alerte enregistrée" in response.content.decode()
    subscription = VacancySubscription.objects.get(user=newcomer)
    assert subscription.epci == grand_figeac
    assert "CC Grand-Figeac" in response.content.decode()
    client.post(reverse("structures:unsubscribe", args=[subscription.pk]))
    assert not VacancySubscription.objects.exists()


def test_cannot_delete_someone_elses_subscription(client, newcomer, other_newcomer):
    subscription = services.subscribe(user=other_newcomer)
    client.force_login(newcomer)
    assert client.post(reverse("structures:unsubscribe", args=[subscription.pk])).status_code == 404
    assert VacancySubscription.objects.count() == 1


def test_alerts_one_mail_a_day_at_most_with_matching_vacancies_only(
    newcomer, figeac_hospital, cahors_msp, professions, django_capture_on_commit_callbacks
):
    past = timezone.now() - timedelta(hours=1)
    subscription = services.subscribe(user=newcomer, profession=professions["medecin-specialiste"])
    VacancySubscription.objects.update(checked_until=past)
    angiology = VacancyFactory(structure=figeac_hospital, profession=professions["angiologie"])
    VacancyFactory(structure=cahors_msp)  # a GP: does not match
    with django_capture_on_commit_callbacks():
        assert services.send_vacancy_alerts() == 1
    mail = OutgoingMail.objects.get()
    assert mail.to == newcomer.email
    assert "Angiologie" in mail.body_text and "Médecin généraliste" not in mail.body_text
    assert angiology.get_absolute_url() in mail.body_text
    VacancyFactory(structure=figeac_hospital, profession=professions["pediatrie"])
    assert services.send_vacancy_alerts() == 0  # already one today
    assert OutgoingMail.objects.count() == 1
    tomorrow = timezone.now() + timedelta(days=1)
    assert services.send_vacancy_alerts(now=tomorrow) == 1
    assert "Pédiatrie" in OutgoingMail.objects.order_by("-pk").first().body_text
    subscription.refresh_from_db()
    assert subscription.last_sent_on == timezone.localdate(tomorrow)


def test_alert_territory_must_match(newcomer, figeac_hospital, cahors_msp, grand_figeac):
    services.subscribe(user=newcomer, epci=grand_figeac)
    VacancySubscription.objects.update(checked_until=timezone.now() - timedelta(hours=1))
    VacancyFactory(structure=cahors_msp)
    assert services.send_vacancy_alerts() == 0
    VacancyFactory(structure=figeac_hospital)
    assert services.send_vacancy_alerts() == 1


def test_alert_task_runs(eager_tasks, newcomer, cahors_msp):
    from structures.tasks import send_vacancy_alerts

    services.subscribe(user=newcomer)
    VacancySubscription.objects.update(checked_until=timezone.now() - timedelta(hours=1))
    VacancyFactory(structure=cahors_msp)
    assert send_vacancy_alerts.delay().get() == 1


# --- Confirmation -------------------------------------------------------------------------
def test_unconfirmed_vacancy_asks_its_structure_once_a_month(client, angiology_vacancy):
    Vacancy.objects.update(confirmed_on=timezone.localdate() - timedelta(days=70))
    assert services.request_confirmations() == 1
    services.request_confirmations()
    mail = OutgoingMail.objects.get()
    assert mail.to == angiology_vacancy.structure.email
    link = next(word for word in mail.body_text.split() if "/postes/confirmer/" in word)
    path = link.split("127.0.0.1:8000")[-1]
    assert "toujours à pourvoir" in client.get(path).content.decode()
    response = client.post(path, {"answer": "open"})
    assert "reste affiché" in response.content.decode()
    angiology_vacancy.refresh_from_db()
    assert angiology_vacancy.confirmed_on == timezone.localdate()
    assert not angiology_vacancy.needs_confirmation


def test_confirmation_link_can_close_the_vacancy(client, angiology_vacancy):
    path = reverse(
        "structures:vacancy_confirm", args=[services.confirmation_token(angiology_vacancy)]
    )
    client.post(path, {"answer": "filled"})
    angiology_vacancy.refresh_from_db()
    assert angiology_vacancy.status == "filled"
    assert client.get(path).status_code == 404  # no longer open


def test_forged_confirmation_link_is_a_404(client, angiology_vacancy):
    url = reverse("structures:vacancy_confirm", args=[f"{angiology_vacancy.pk}:forged"])
    assert client.get(url).status_code == 404


def test_recently_confirmed_vacancy_is_not_asked(angiology_vacancy):
    assert services.request_confirmations() == 0


# --- Open data ----------------------------------------------------------------------------
def test_open_data_csv_and_json(client, angiology_vacancy, cahors_msp):
    StructureFactory(name="Structure cachée", published=False)
    csv_text = b"".join(client.get(reverse("structures:structures_csv")).streaming_content)
    text = csv_text.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;nom;type;adresse;code_insee")
    assert "Centre hospitalier de Figeac" in text and "MSP de Cahors" in text
    assert "Structure cachée" not in text
    data = json.loads(client.get(reverse("structures:vacancies_json")).content)
    assert [row["profession"] for row in data["postes"]] == ["angiologie"]
    assert data["postes"][0]["structure"] == "Centre hospitalier de Figeac"
    vacancies_csv = b"".join(client.get(reverse("structures:vacancies_csv")).streaming_content)
    assert "angiologie" in vacancies_csv.decode("utf-8-sig")
    structures = json.loads(client.get(reverse("structures:structures_json")).content)
    assert len(structures["structures"]) == 2


def test_open_data_csv_neutralises_formulas_and_keeps_numbers(client, figeac):
    planted = '=HYPERLINK("http://x.example/?a","y")'
    StructureFactory(
        name=planted, commune=figeac, latitude=43.5, longitude=-0.52, services=["-accueil"]
    )
    body = b"".join(client.get(reverse("structures:structures_csv")).streaming_content)
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    assert row["nom"] == f"'{planted}"
    assert row["services"] == "'-accueil"
    assert row["longitude"] == "-0.52"  # a number, not a formula


def test_an_ambiguous_commune_for_distance_is_not_picked_for_the_visitor(client, figeac, lot):
    from tests.territories.factories import CommuneFactory

    CommuneFactory(insee_code="46902", name="Figeac", department=lot, postal_codes="46100")
    response = client.get(reverse("structures:vacancies"), {"pres_de": "46100"})
    html = response.content.decode()
    assert "Plusieurs communes correspondent à « 46100 »" in html
    # Namesakes with one postal code are told apart by their INSEE code.
    assert "?pres_de=Figeac+%2846102%29" in html and "?pres_de=Figeac+%2846902%29" in html


@pytest.mark.django_db
def test_a_vacancy_filled_through_its_confirmation_link_records_when():
    """The yearly report counts successions found by the day their offer was filled."""
    vacancy = VacancyFactory()
    before = Vacancy.objects.get(pk=vacancy.pk).updated_at
    services.confirm_vacancy(vacancy=vacancy, still_open=False)
    filled = Vacancy.objects.get(pk=vacancy.pk)
    assert filled.status == "filled" and filled.updated_at > before
