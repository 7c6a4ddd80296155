"""Offers made without an account: the public form, the e-mail confirmation, the desk's
validation in the admin, the personal edit link, and what the public sees of every kind."""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.formatting import NBSP
from portal.models import OutgoingMail
from structures import offers, services
from structures.models import (
    OpportunityKind,
    Vacancy,
    VacancyPhoto,
    VacancyStatus,
    VacancySubscription,
)
from structures.models.offer import new_secret
from tests.structures.factories import StructureFactory, VacancyFactory

pytestmark = pytest.mark.django_db

NEW = reverse("structures:offer_new")
VACANCIES = reverse("structures:vacancies")
PRIVATE_EMAIL = "dr.bernard.prive@exemple.test"
PRIVATE_NAME = "Bernard-Discret"
PRIVATE_PHONE = "05 65 99 12 34"


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("cabinet.png", buffer.getvalue(), content_type="image/png")


def _jpeg_with_exif():
    image = Image.new("RGB", (40, 30), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "Appareil-Espion"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _form(**overrides):
    data = {
        "kind": "succession",
        "offerer_kind": "practitioner",
        "offerer_name": "Dr Bernard",
        "profession": "medecin-generaliste",
        "commune_text": "Figeac",
        "title": "Cabinet de médecine générale à céder",
        "practice_mode": "liberal",
        "working_time": "full",
        "price": "30000",
        "secretariat": "true",
        "software": "Weda",
        "description": "Patientèle fidèle, départ en retraite en juin.",
        "contact_name": PRIVATE_NAME,
        "contact_email": PRIVATE_EMAIL,
        "contact_phone": PRIVATE_PHONE,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def offer_world(desk, figeac, gp, staff):
    return {"desk": desk, "figeac": figeac, "gp": gp, "staff": staff}


def _offer(figeac, **fields):
    defaults = {
        "kind": OpportunityKind.SUCCESSION,
        "structure": None,
        "commune": figeac,
        "offerer_kind": "practitioner",
        "offerer_name": "Dr Bernard",
        "contact_name": PRIVATE_NAME,
        "contact_email": PRIVATE_EMAIL,
        "contact_phone": "+33565991234",
        "practice_mode": "liberal",
    }
    defaults.update(fields)
    return VacancyFactory(**defaults)


def _link(mail, fragment):
    word = next(word for word in mail.body_text.split() if fragment in word)
    return word.split("127.0.0.1:8000")[-1]


# --- The public form ------------------------------------------------------------------------
def test_the_form_is_public_and_explains_what_follows(client, offer_world):
    html = client.get(NEW).content.decode()
    assert "Proposer une offre" in html and "sans créer de compte" in html
    assert 'name="contact_public"' in html and "Décoché (conseillé)" in html
    assert 'type="file"' in html and "multiple" in html


def test_submitting_an_offer_waits_for_confirmation_then_the_desk(client, offer_world, gp):
    response = client.post(NEW, _form(profession=gp.code))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Et maintenant" in html and PRIVATE_EMAIL in html
    vacancy = Vacancy.objects.get()
    assert vacancy.status == VacancyStatus.PENDING and vacancy.structure is None
    assert vacancy.commune == offer_world["figeac"] and vacancy.price == Decimal("30000")
    assert vacancy.secretariat is True and not vacancy.contact_public
    assert vacancy.contact_phone == "+33565991234"
    mail = OutgoingMail.objects.get()
    assert mail.to == PRIVATE_EMAIL and "Confirmez" in mail.subject
    path = _link(mail, "/offres/proposer/confirmer/")
    # GET asks, POST confirms: a mail scanner opening the link confirms nothing.
    assert "Confirmer mon adresse" in client.get(path).content.decode()
    vacancy.refresh_from_db()
    assert vacancy.email_confirmed_at is None
    response = client.post(path)
    assert "Le guichet est prévenu" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.email_confirmed_at is not None
    to_desk = OutgoingMail.objects.get(topic="structures_offer_to_validate")
    assert to_desk.to == offer_world["desk"].email
    assert reverse("admin:structures_vacancy_change", args=[vacancy.pk]) in to_desk.body_text
    client.post(path)  # twice: the desk is told once
    assert OutgoingMail.objects.filter(topic="structures_offer_to_validate").count() == 1
    # Not public before the desk validates.
    assert client.get(vacancy.get_absolute_url()).status_code == 404


def test_premises_need_no_profession_but_a_post_does(client, offer_world):
    response = client.post(NEW, _form(kind="salaried", profession=""))
    assert "Choisissez la profession recherchée" in response.content.decode()
    assert not Vacancy.objects.exists()
    client.post(
        NEW,
        _form(kind="premises_rent", profession="", rent_monthly="350", offerer_kind="commune"),
    )
    vacancy = Vacancy.objects.get()
    assert vacancy.profession is None and vacancy.rent_monthly == Decimal("350")


def test_form_errors_keep_what_was_typed_and_say_files_must_be_chosen_again(client, offer_world):
    response = client.post(
        NEW,
        {
            **_form(
                kind="replacement",
                profession="medecin-generaliste",
                contact_email="pas-une-adresse",
                start_date="2026-09-10",
                end_date="2026-09-01",
            ),
            "photos": [_png()],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "La date de fin précède la date de début" in html
    assert "adresse de courriel valide" in html
    assert "Patientèle fidèle" in html and "Dr Bernard" in html and 'value="Figeac"' in html
    assert "choisissez-les à nouveau" in html
    assert not Vacancy.objects.exists() and not OutgoingMail.objects.exists()


def test_a_one_off_replacement_needs_its_dates(client, offer_world):
    html = client.post(
        NEW, _form(kind="replacement", profession="medecin-generaliste")
    ).content.decode()
    assert "date de début du remplacement ponctuel" in html
    client.post(
        NEW,
        _form(kind="replacement", profession="medecin-generaliste", replacement_regular="on"),
    )
    assert Vacancy.objects.get().replacement_regular


def test_an_unknown_commune_is_a_form_error(client, offer_world):
    html = client.post(NEW, _form(commune_text="Nulle-Part-sur-Mer")).content.decode()
    assert "Commune inconnue ou hors du territoire couvert" in html


def test_photos_are_images_only_and_lose_their_metadata(client, offer_world):
    bad = SimpleUploadedFile("cabinet.png", b"pas une image", content_type="image/png")
    html = client.post(NEW, {**_form(), "photos": [bad]}).content.decode()
    assert "n&#x27;est pas une image" in html or "n'est pas une image" in html
    client.post(NEW, {**_form(), "photos": [_jpeg_with_exif(), _png()]})
    photos = list(VacancyPhoto.objects.all())
    assert len(photos) == 2
    stored = photos[0].image.open("rb").read()
    assert stored.startswith(b"\x89PNG") and b"Appareil-Espion" not in stored


def test_at_most_max_photos(client, offer_world):
    too_many = [_png() for _ in range(VacancyPhoto.MAX_PER_OFFER + 1)]
    html = client.post(NEW, {**_form(), "photos": too_many}).content.decode()
    assert "4 photos au plus" in html
    assert not Vacancy.objects.exists()


def test_the_form_is_rate_limited(client, offer_world):
    for _ in range(offers_per_hour()):
        assert client.post(NEW, _form()).status_code == 200
    assert client.post(NEW, _form()).status_code == 429
    assert Vacancy.objects.count() == offers_per_hour()


def offers_per_hour():
    from structures.views.offers import OFFERS_PER_HOUR

    return OFFERS_PER_HOUR


def test_errors_do_not_spend_the_rate_limit(client, offer_world):
    for _ in range(offers_per_hour() + 2):
        client.post(NEW, _form(contact_email=""))
    assert client.post(NEW, _form()).status_code == 200
    assert Vacancy.objects.count() == 1


@pytest.mark.parametrize("token", ["faux", "1.faux", "999999.abc", "abc.def", ""])
def test_a_forged_confirmation_link_is_a_404(client, offer_world, token):
    _offer(offer_world["figeac"], status=VacancyStatus.PENDING)
    if token:
        url = reverse("structures:offer_email_confirm", args=[token])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_an_expired_link_is_a_410_in_french(client, offer_world, monkeypatch):
    vacancy = _offer(offer_world["figeac"], status=VacancyStatus.PENDING)
    url = reverse("structures:offer_email_confirm", args=[offers.email_token(vacancy)])
    monkeypatch.setattr(offers, "EMAIL_MAX_AGE", -1)
    response = client.get(url)
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()


# --- The desk's validation ------------------------------------------------------------------
def _changelist_action(client, action, vacancies, **extra):
    return client.post(
        reverse("admin:structures_vacancy_changelist"),
        {"action": action, "_selected_action": [v.pk for v in vacancies], **extra},
        follow=True,
    )


def test_the_desk_publishes_and_matching_is_asked_for(
    client, offer_world, monkeypatch, django_capture_on_commit_callbacks
):
    asked = []
    monkeypatch.setattr(offers, "run_later", lambda name, *args: asked.append((name, args)))
    vacancy = _offer(
        offer_world["figeac"], status=VacancyStatus.PENDING, email_confirmed_at=timezone.now()
    )
    client.force_login(offer_world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _changelist_action(client, "publish", [vacancy])
    assert "1 offre publiée" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.validated_by == offer_world["staff"] and vacancy.validated_at
    assert asked == [("opportunities.tasks.match_offer", (vacancy.pk,))]
    mail = OutgoingMail.objects.get(topic="structures_offer_published")
    assert mail.to == PRIVATE_EMAIL and "/offres/modifier/" in mail.body_text
    assert client.get(vacancy.get_absolute_url()).status_code == 200


def test_publishing_survives_a_matching_task_that_is_not_there(
    offer_world, monkeypatch, django_capture_on_commit_callbacks
):
    def missing(name, *args):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(offers, "run_later", missing)
    vacancy = _offer(
        offer_world["figeac"], status=VacancyStatus.PENDING, email_confirmed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        offers.publish_offer(vacancy, by=offer_world["staff"])
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN


def test_an_unconfirmed_address_is_not_published(client, offer_world):
    vacancy = _offer(offer_world["figeac"], status=VacancyStatus.PENDING)
    client.force_login(offer_world["staff"])
    html = _changelist_action(client, "publish", [vacancy]).content.decode()
    assert "pas encore confirmé son adresse" in html
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING


def test_the_desk_refuses_with_a_reason(client, offer_world):
    vacancy = _offer(offer_world["figeac"], status=VacancyStatus.PENDING)
    client.force_login(offer_world["staff"])
    page = _changelist_action(client, "refuse", [vacancy]).content.decode()
    assert "Motif du refus" in page and PRIVATE_EMAIL in page
    html = _changelist_action(
        client, "refuse", [vacancy], apply="1", reason="Hors du territoire du guichet."
    ).content.decode()
    assert "1 offre refusée" in html
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.REFUSED
    mail = OutgoingMail.objects.get(topic="structures_offer_refused")
    assert mail.to == PRIVATE_EMAIL and "Hors du territoire du guichet." in mail.body_text


def test_another_desk_neither_sees_nor_validates_the_offer(client, offer_world, other_staff):
    vacancy = _offer(
        offer_world["figeac"], status=VacancyStatus.PENDING, email_confirmed_at=timezone.now()
    )
    client.force_login(other_staff)
    html = client.get(reverse("admin:structures_vacancy_changelist")).content.decode()
    assert "Dr Bernard" not in html
    _changelist_action(client, "publish", [vacancy])
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING


def test_the_admin_change_page_shows_the_new_fields(client, offer_world):
    vacancy = _offer(offer_world["figeac"], status=VacancyStatus.PENDING)
    client.force_login(offer_world["staff"])
    html = client.get(reverse("admin:structures_vacancy_change", args=[vacancy.pk])).content
    html = html.decode()
    for label in ("Qui propose, où", "Conditions", "coordonnées publiques", "Photos"):
        assert label.lower() in html.lower()
    changelist = client.get(
        reverse("admin:structures_vacancy_changelist"), {"kind": "succession", "status": "pending"}
    )
    assert changelist.status_code == 200 and "Dr Bernard" in changelist.content.decode()


# --- The personal edit link -----------------------------------------------------------------
def _edit_url(vacancy):
    return reverse("structures:offer_edit", args=[offers.edit_token(vacancy)])


def _edit_data(vacancy, **overrides):
    data = {
        "title": vacancy.title,
        "offerer_name": vacancy.offerer_name,
        "practice_mode": vacancy.practice_mode,
        "working_time": vacancy.working_time,
        "secretariat": "unknown",
        "description": vacancy.description,
        "contact_name": vacancy.contact_name,
        "contact_phone": "",
    }
    data.update(overrides)
    return data


def test_editing_a_published_offer_keeps_it_published(client, offer_world):
    vacancy = _offer(offer_world["figeac"], confirmed_on=timezone.localdate() - timedelta(days=70))
    url = _edit_url(vacancy)
    html = client.get(url).content.decode()
    assert "l'offre reste publiée" in html.replace("&#x27;", "'")
    response = client.post(
        url, {**_edit_data(vacancy, price="25000"), "photos": [_png()]}, follow=True
    )
    assert "elle reste publiée" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN and vacancy.price == Decimal("25000")
    assert vacancy.confirmed_on == timezone.localdate() and vacancy.photos.count() == 1
    photo = vacancy.photos.get()
    client.post(url, _edit_data(vacancy, remove_photos=[photo.pk]))
    assert not vacancy.photos.exists()


def test_the_offerer_marks_it_filled(client, offer_world):
    vacancy = _offer(offer_world["figeac"])
    url = _edit_url(vacancy)
    client.post(url, {"end": "filled"})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    assert client.get(vacancy.get_absolute_url()).status_code == 404
    assert "ne se modifie plus" in client.get(url).content.decode()
    assert client.post(url, {"end": "bidon"}).status_code == 200  # read only now, no 500


def test_a_new_secret_revokes_the_links(client, offer_world):
    vacancy = _offer(offer_world["figeac"])
    url = _edit_url(vacancy)
    assert client.get(url).status_code == 200
    vacancy.secret = new_secret()
    vacancy.save()
    assert client.get(url).status_code == 404


def test_forged_edit_links_are_404_and_old_ones_410(client, offer_world, monkeypatch):
    vacancy = _offer(offer_world["figeac"])
    other = _offer(offer_world["figeac"])
    forged = [
        f"{vacancy.pk}.faux",
        offers.email_token(vacancy),  # the other link's salt
        offers.edit_token(other).replace(f"{other.pk}.", f"{vacancy.pk}.", 1),
        f"{vacancy.pk}." + signing.dumps({"v": vacancy.pk}, salt=f"{offers.EDIT_SALT}:{'0' * 32}"),
        "99999999999999999999999.x",
        "%00",
    ]
    for token in forged:
        assert client.get(reverse("structures:offer_edit", args=[token])).status_code == 404
    monkeypatch.setattr(offers, "EDIT_MAX_AGE", -1)
    response = client.get(_edit_url(vacancy))
    assert response.status_code == 410 and "Ce lien a expiré" in response.content.decode()


def test_the_edit_link_does_not_change_kind_commune_or_email(client, offer_world, cahors):
    vacancy = _offer(offer_world["figeac"])
    client.post(
        _edit_url(vacancy),
        _edit_data(vacancy, kind="housing", commune=cahors.pk, contact_email="x@exemple.test"),
    )
    vacancy.refresh_from_db()
    assert vacancy.kind == OpportunityKind.SUCCESSION and vacancy.commune == offer_world["figeac"]
    assert vacancy.contact_email == PRIVATE_EMAIL


# --- What the public sees -------------------------------------------------------------------
def test_a_private_contact_never_reaches_the_public(client, offer_world):
    vacancy = _offer(offer_world["figeac"], price=Decimal("30000"))
    pages = [
        client.get(VACANCIES).content.decode(),
        client.get(vacancy.get_absolute_url()).content.decode(),
        b"".join(client.get(reverse("structures:vacancies_csv")).streaming_content).decode(
            "utf-8-sig"
        ),
        client.get(reverse("structures:vacancies_json")).content.decode(),
    ]
    for text in pages:
        assert PRIVATE_EMAIL not in text and PRIVATE_NAME not in text
        assert "65 99 12 34" not in text and "565991234" not in text
    assert "Le guichet vous met en relation" in pages[1]
    assert offer_world["desk"].email in pages[1]


def test_a_public_contact_is_shown_but_never_in_open_data(client, offer_world):
    vacancy = _offer(offer_world["figeac"], contact_public=True)
    html = client.get(vacancy.get_absolute_url()).content.decode()
    assert PRIVATE_EMAIL in html and PRIVATE_NAME in html and "05 65 99 12 34" in html
    assert "Le guichet vous met en relation" not in html
    data = client.get(reverse("structures:vacancies_json")).content.decode()
    assert PRIVATE_EMAIL not in data and PRIVATE_NAME not in data


def test_every_kind_is_listed_with_its_conditions_in_french(client, offer_world, gp):
    figeac = offer_world["figeac"]
    rent = _offer(
        figeac, kind=OpportunityKind.PREMISES_RENT, offerer_kind="commune",
        offerer_name="Mairie de Figeac", rent_monthly=Decimal("350"), profession=None,
    )  # fmt: skip
    replacement = _offer(
        figeac, kind=OpportunityKind.REPLACEMENT, profession=gp,
        start_date=date(2026, 9, 1), end_date=date(2026, 9, 15),
    )  # fmt: skip
    succession = _offer(figeac, price=Decimal("30000"), secretariat=True, software="Weda")
    html = client.get(VACANCIES).content.decode()
    assert f"Loyer : 350{NBSP}€ par mois" in html
    assert f"Remplacement du 1er{NBSP}septembre 2026 au 15{NBSP}septembre 2026" in html
    assert f"Prix : 30{NBSP}000{NBSP}€" in html and "Logiciel métier : Weda" in html
    assert "Proposer une offre" in html
    listed = [v.pk for v in client.get(VACANCIES, {"kind": "premises_rent"}).context["page"]]
    assert listed == [rent.pk]
    listed = {v.pk for v in client.get(VACANCIES, {"profession": gp.code}).context["page"]}
    assert listed == {rent.pk, replacement.pk, succession.pk}  # premises: every profession
    detail = client.get(rent.get_absolute_url()).content.decode()
    assert "Toutes professions" in detail and "Mairie de Figeac" in detail


def test_kind_filter_rejects_an_unknown_kind_without_a_500(client, offer_world):
    assert client.get(VACANCIES, {"kind": "n-importe-quoi"}).status_code == 200


def test_text_and_distance_filters_reach_offers_without_structure(client, offer_world, cahors):
    vacancy = _offer(offer_world["figeac"], offerer_name="Mairie de Figeac")
    assert [v.pk for v in client.get(VACANCIES, {"q": "mairie"}).context["page"]] == [vacancy.pk]
    near = client.get(VACANCIES, {"pres_de": "Figeac", "rayon": "5"}).context["page"]
    assert [v.pk for v in near] == [vacancy.pk]
    assert not list(client.get(VACANCIES, {"pres_de": "Cahors", "rayon": "5"}).context["page"])


def test_open_data_has_the_new_fields(client, offer_world):
    _offer(offer_world["figeac"], kind=OpportunityKind.PREMISES_RENT, rent_monthly=350)
    body = b"".join(client.get(reverse("structures:vacancies_csv")).streaming_content)
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    assert row["type_offre"] == "premises_rent" and row["commune"] == "Figeac"
    assert row["structure"] == "" and row["loyer_mensuel"].startswith("350")
    data = json.loads(client.get(reverse("structures:vacancies_json")).content)
    assert data["postes"][0]["code_insee"] == "46102"
    assert "contact_email" not in data["postes"][0]


def _rows(figeac, gp, count):
    structure = StructureFactory(commune=figeac)
    for n in range(count):
        vacancy = _offer(
            figeac,
            kind=OpportunityKind.SALARIED if n % 2 else OpportunityKind.PREMISES_RENT,
            structure=structure if n % 3 == 0 else None,
            profession=gp if n % 2 else None,
            rent_monthly=Decimal("300"),
        )
        VacancyPhoto.objects.create(vacancy=vacancy, image="offres/x.png", position=0)


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_constant(
    client, offer_world, gp, count, django_assert_max_num_queries
):
    _rows(offer_world["figeac"], gp, count)
    client.get(VACANCIES)  # warm the caches the page keeps (choices)
    with django_assert_max_num_queries(6):  # 5 with Redis as the cache
        response = client.get(VACANCIES)
    assert response.status_code == 200


@pytest.mark.parametrize("photos", [0, 4])
def test_detail_query_count_is_constant(
    client, offer_world, gp, photos, django_assert_max_num_queries
):
    vacancy = _offer(offer_world["figeac"])
    for position in range(photos):
        VacancyPhoto.objects.create(vacancy=vacancy, image="offres/x.png", position=position)
    client.get(vacancy.get_absolute_url())
    with django_assert_max_num_queries(4):  # 3 with Redis as the cache
        response = client.get(vacancy.get_absolute_url())
    assert response.status_code == 200


# --- Freshness and alerts -------------------------------------------------------------------
def test_the_60_day_confirmation_reaches_an_offer_without_structure(client, offer_world):
    vacancy = _offer(offer_world["figeac"], confirmed_on=timezone.localdate() - timedelta(days=70))
    assert "à confirmer" in client.get(VACANCIES).content.decode()
    assert services.request_confirmations() == 1
    mail = OutgoingMail.objects.get()
    assert mail.to == PRIVATE_EMAIL and "Dr Bernard" in mail.body_text
    client.post(_link(mail, "/postes/confirmer/"), {"answer": "open"})
    vacancy.refresh_from_db()
    assert vacancy.confirmed_on == timezone.localdate()


def test_alerts_by_kind_and_offers_without_profession(newcomer, offer_world, gp):
    figeac = offer_world["figeac"]
    services.subscribe(user=newcomer, profession=gp, kind=OpportunityKind.PREMISES_RENT)
    VacancySubscription.objects.update(checked_until=timezone.now() - timedelta(hours=1))
    _offer(figeac, kind=OpportunityKind.SUCCESSION, profession=gp)  # another kind
    premises = _offer(figeac, kind=OpportunityKind.PREMISES_RENT, profession=None)
    assert services.send_vacancy_alerts() == 1
    mail = OutgoingMail.objects.get()
    assert premises.get_absolute_url() in mail.body_text
    assert "Local professionnel à louer" in mail.body_text


def test_an_offer_published_after_its_creation_is_still_announced(
    newcomer, offer_world, monkeypatch
):
    monkeypatch.setattr(offers, "run_later", lambda *args: None)
    vacancy = _offer(
        offer_world["figeac"],
        status=VacancyStatus.PENDING,
        email_confirmed_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=3),
    )
    services.subscribe(user=newcomer)
    VacancySubscription.objects.update(checked_until=timezone.now() - timedelta(days=1))
    offers.publish_offer(vacancy, by=offer_world["staff"])
    assert services.send_vacancy_alerts() == 1


def test_subscribing_with_a_kind(client, newcomer, offer_world):
    client.force_login(newcomer)
    client.post(reverse("structures:subscriptions"), {"kind": "housing", "territory": ""})
    subscription = VacancySubscription.objects.get()
    assert subscription.kind == "housing"
    assert "Logement pour professionnel" in subscription.describe()
