import pytest
from django.urls import reverse

from installations.enums import CaseStatus
from installations.models import Case
from installations.validators import luhn_is_valid
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db


def step_url(case, step):
    return reverse("installations:request_step", kwargs={"pk": case.pk, "step": step})


@pytest.fixture
def draft(client, newcomer, desk, figeac, cahors):
    client.force_login(newcomer)
    response = client.post(reverse("installations:request_start"))
    case = Case.objects.get(applicant=newcomer)
    assert response["Location"] == step_url(case, "vous")
    return case


def test_anonymous_is_asked_to_sign_in(client):
    response = client.get(reverse("installations:request_start"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_the_whole_request_without_javascript(
    client, draft, newcomer, gp, desk, figeac, step_templates
):
    response = client.post(
        step_url(draft, "vous"),
        {
            "civility": "mme",
            "first_name": "Camille",
            "last_name": "Durand",
            "phone": "06 12 34 56 78",
            "contact_preference": "email",
            "action": "next",
        },
    )
    assert response["Location"] == step_url(draft, "profession")
    client.post(
        step_url(draft, "profession"),
        {"profession": gp.pk, "situation": "locum", "rpps": "", "action": "next"},
    )
    client.post(
        step_url(draft, "projet"),
        {
            "communes_text": "Figeac (46102), cahors",
            "practice_mode": "liberal",
            "wished_settings": ["msp"],
            "action": "next",
        },
    )
    client.post(
        step_url(draft, "besoins"),
        {"needs": ["housing", "spouse_job"], "needs_details": "<b>Un T3</b>", "action": "next"},
    )
    page = client.get(step_url(draft, "envoi")).content.decode()
    assert "Figeac, Cahors" in page or "Cahors, Figeac" in page
    assert "&lt;b&gt;Un T3&lt;/b&gt;" in page  # HTML typed by an applicant is shown as text

    response = client.post(step_url(draft, "envoi"), {"consent": "on"})
    case = Case.objects.get(pk=draft.pk)
    assert response["Location"] == reverse("installations:case", kwargs={"pk": case.pk})
    assert case.status == CaseStatus.SUBMITTED and case.desk == desk
    assert set(case.needs) == {"housing", "spouse_job"}
    assert OutgoingMail.objects.filter(to=newcomer.email).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Votre demande a bien été reçue" in page
    assert "Inscription au tableau de l&#x27;Ordre" in page


def test_errors_show_beside_fields_and_nothing_typed_is_lost(client, draft):
    response = client.post(
        step_url(draft, "vous"),
        {
            "first_name": "Camille",
            "last_name": "",
            "phone": "pas un numéro",
            "contact_preference": "phone",
            "action": "next",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Numéro de téléphone invalide : indiquez par exemple 06 12 34 56 78." in html
    assert "Ce champ est obligatoire." in html
    assert 'value="pas un numéro"' in html and 'value="Camille"' in html
    assert 'aria-invalid="true"' in html
    draft.refresh_from_db()
    assert draft.first_name == "Camille"  # what was valid is saved in the draft


def test_unknown_and_ambiguous_communes_are_explained(client, draft, lot):
    from tests.territories.factories import CommuneFactory

    CommuneFactory(insee_code="46200", name="Autre", department=lot, postal_codes="46100")
    response = client.post(
        step_url(draft, "projet"), {"communes_text": "Paris, 46100", "action": "save"}
    )
    html = response.content.decode()
    assert "Commune inconnue ou hors du territoire couvert : « Paris »." in html
    assert "Plusieurs communes correspondent à « 46100 » : choisissez la vôtre" in html
    assert 'value="Paris, 46100"' in html
    # The candidates are offered under the field, most populous first.
    assert html.index('value="Figeac (46100)"') < html.index('value="Autre (46100)"')


def test_save_draft_button_keeps_partial_answers(client, draft):
    response = client.post(step_url(draft, "vous"), {"first_name": "Camille", "action": "save"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.first_name == "Camille" and draft.status == CaseStatus.DRAFT


def test_autosave_answers_json(client, draft):
    response = client.post(step_url(draft, "besoins"), {"needs": ["housing"]}, HTTP_X_AUTOSAVE="1")
    assert response.json()["saved"] is True
    draft.refresh_from_db()
    assert draft.needs == ["housing"]


def test_rpps_checksum(client, draft, gp):
    response = client.post(
        step_url(draft, "profession"),
        {"profession": gp.pk, "situation": "locum", "rpps": "10000000001", "action": "save"},
    )
    assert "clé de contrôle incorrecte" in response.content.decode()
    valid = next(f"1000000000{d}" for d in range(10) if luhn_is_valid(f"1000000000{d}"))
    client.post(
        step_url(draft, "profession"),
        {"profession": gp.pk, "situation": "locum", "rpps": valid, "action": "save"},
    )
    draft.refresh_from_db()
    assert draft.rpps == valid


def test_submit_page_lists_what_is_missing(client, draft):
    html = client.get(step_url(draft, "envoi")).content.decode()
    assert "Choisissez votre profession." in html
    client.post(step_url(draft, "envoi"), {"consent": "on"})
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_one_open_case_per_profession(client, newcomer, desk, gp, figeac, draft):
    CaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[figeac])
    response = client.post(
        step_url(draft, "profession"), {"profession": gp.pk, "situation": "locum", "action": "next"}
    )
    html = response.content.decode()
    assert "Vous avez déjà un dossier en cours pour" in html
    draft.refresh_from_db()
    assert draft.profession is None


def test_commune_suggestions_among_covered_communes(client, desk, figeac, auch):
    data = client.get(reverse("installations:commune_suggestions"), {"q": "fig"}).json()
    assert [r["label"] for r in data["results"]] == ["Figeac (46100)"]
    data = client.get(reverse("installations:commune_suggestions"), {"q": "auch"}).json()
    assert data["results"] == []


def test_submissions_are_rate_limited(client, newcomer, desk, gp, figeac, monkeypatch):
    from installations.views import newcomer as views

    monkeypatch.setattr(views, "SUBMISSIONS_PER_HOUR", 0)
    case = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
    client.force_login(newcomer)
    response = client.post(step_url(case, "envoi"), {"consent": "on"})
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_an_ambiguous_commune_is_picked_among_candidates_then_saved(client, draft, lot, figeac):
    from tests.territories.factories import CommuneFactory

    capdenac = CommuneFactory(
        insee_code="46055", name="Capdenac", department=lot, postal_codes="46100", population=1049
    )
    response = client.post(
        step_url(draft, "projet"), {"communes_text": "Cahors, 46100", "action": "next"}
    )
    html = response.content.decode()
    assert "Plusieurs communes correspondent à « 46100 » : choisissez la vôtre" in html
    assert 'name="communes_text-choix-1" value="Figeac (46100)"' in html
    assert 'name="communes_text-choix-1" value="Capdenac (46100)"' in html
    draft.refresh_from_db()
    assert list(draft.wished_communes.all()) == []  # nothing is guessed

    response = client.post(
        step_url(draft, "projet"),
        {
            "communes_text": "Cahors, 46100",
            "communes_text-choix-1": "Capdenac (46100)",
            "practice_mode": "liberal",
            "action": "save",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert {c.name for c in draft.wished_communes.all()} == {"Cahors", capdenac.name}
    page = client.get(step_url(draft, "projet")).content.decode()
    assert 'value="Cahors (46000), Capdenac (46100)"' in page
