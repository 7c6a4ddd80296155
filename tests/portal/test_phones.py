import pytest
from django.apps import apps
from django.template import Context, Template
from django.urls import reverse

from portal import phones
from structures.models import Structure
from tests.structures.factories import StructureFactory


@pytest.mark.parametrize(
    "typed",
    ["06 12 34 56 78", "0612345678", "06.12.34.56.78", "06-12-34-56-78", "+33 6 12 34 56 78"],
)
def test_a_french_number_typed_any_usual_way_is_stored_in_e164(typed):
    assert phones.normalise(typed) == "+33612345678"
    assert phones.display(typed) == "06 12 34 56 78"


def test_a_foreign_number_is_shown_in_international_form():
    assert phones.normalise("+44 20 7946 0958") == "+442079460958"
    assert phones.display("+442079460958") == "+44 20 7946 0958"


def test_text_that_is_no_number_is_kept_as_typed_and_not_linked():
    assert phones.normalise(" le standard ") == "le standard"
    assert phones.link("le standard") == "le standard"
    assert phones.link("<b>") == "&lt;b&gt;"


def test_the_field_cleans_to_e164_and_explains_a_wrong_number():
    field = phones.PhoneField(required=False)
    assert field.clean("05 65 34 00 00") == "+33565340000"
    assert field.clean("") == ""
    with pytest.raises(Exception) as refused:
        field.clean("06 12 34")
    assert refused.value.messages == [
        "Numéro de téléphone invalide : indiquez par exemple 06 12 34 56 78."
    ]
    # A stored number comes back in the form a person types.
    assert field.prepare_value("+33565340000") == "05 65 34 00 00"
    assert 'type="tel"' in field.widget.render("phone", "")


def test_template_filters():
    template = Template("{% load phones %}{{ number|phone_link }} / {{ number|phone }}")
    html = template.render(Context({"number": "+33612345678"}))
    assert html == '<a href="tel:+33612345678">06 12 34 56 78</a> / 06 12 34 56 78'
    assert template.render(Context({"number": ""})) == " / "


@pytest.mark.django_db
def test_the_footer_offers_the_desk_phone_to_tap(client, desk):
    desk.phone = "+33565340000"
    desk.save(update_fields=["phone"])
    html = client.get(reverse("home")).content.decode()
    assert '<a href="tel:+33565340000">05 65 34 00 00</a>' in html


@pytest.mark.django_db
def test_a_request_stores_the_phone_in_e164(client, newcomer, desk, figeac):
    from installations.models import Case

    client.force_login(newcomer)
    client.post(reverse("installations:request_start"))
    case = Case.objects.get(applicant=newcomer)
    url = reverse("installations:request_step", kwargs={"pk": case.pk, "step": "vous"})
    client.post(
        url,
        {"first_name": "Camille", "last_name": "Durand", "phone": "06.12.34.56.78"},
    )
    case.refresh_from_db()
    assert case.phone == "+33612345678"
    html = client.get(url).content.decode()
    assert 'value="06 12 34 56 78"' in html  # shown back the way it was typed


@pytest.mark.django_db
def test_an_ambassador_phone_is_checked_and_stored_in_e164(client, desk, figeac, professions):
    from ambassadors.models import Ambassador

    data = {
        "first_name": "Lou",
        "last_name": "Martin",
        "email": "lou@exemple.test",
        "kind": Ambassador._meta.get_field("kind").choices[0][0],
        "commune_text": "Figeac",
        "topics": ["housing"],
        "consent": "on",
    }
    html = client.post(reverse("ambassadors:register"), {**data, "phone": "12"}).content.decode()
    assert "Numéro de téléphone invalide : indiquez par exemple 06 12 34 56 78." in html
    assert not Ambassador.objects.exists()
    client.post(reverse("ambassadors:register"), {**data, "phone": "+33 6 98 76 54 32"})
    assert Ambassador.objects.get().phone == "+33698765432"


@pytest.mark.django_db
def test_the_data_migration_normalises_what_it_can_and_keeps_the_rest():
    readable = StructureFactory()
    unreadable = StructureFactory()
    empty = StructureFactory()
    Structure.objects.filter(pk=readable.pk).update(phone="05.65.34.00.00")
    Structure.objects.filter(pk=unreadable.pk).update(phone="standard : poste 12")
    Structure.objects.filter(pk=empty.pk).update(phone="")

    phones.normalise_stored(("structures", "Structure", "phone"))(apps, None)

    stored = dict(Structure.objects.values_list("pk", "phone"))
    assert stored == {
        readable.pk: "+33565340000",
        unreadable.pk: "standard : poste 12",
        empty.pk: "",
    }


@pytest.mark.django_db
def test_the_open_data_csv_shows_phones_as_written_in_france(client):
    StructureFactory(phone="+33565340000")
    body = b"".join(client.get(reverse("structures:structures_csv")).streaming_content)
    text = body.decode("utf-8-sig")
    assert ";05 65 34 00 00;" in text and "+33565340000" not in text
