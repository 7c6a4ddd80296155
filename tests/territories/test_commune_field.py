"""The one commune field: what a person types, read against the real reference data of the
Gers (32), the Lot (46) and the Lot-et-Garonne (47)."""

import pytest
from django import forms
from django.core.management import call_command

from territories.communes import commune_reference, labels_for, resolve
from territories.forms import CommuneField, CommunesField
from territories.models import Commune, Department
from tests.territories.factories import CommuneFactory, DeskFactory


@pytest.fixture
def reference(db):
    """Every commune of 32, 46 and 47, served by one active desk."""
    call_command("load_territories", verbosity=0)
    DeskFactory(
        slug="sud-ouest", departments=list(Department.objects.filter(code__in=["32", "46", "47"]))
    )


class OneCommune(forms.Form):
    commune = CommuneField(label="Votre commune")


class SeveralCommunes(forms.Form):
    communes = CommunesField(label="Communes souhaitées", required=False)


def codes(match):
    return [choice.commune.insee_code for choice in match.choices]


@pytest.mark.parametrize(
    "text",
    ["Figeac", "figéac", "FIGEAC", "Figeac (46100)", "figeac 46100", "Figeac (46102)", "46102"],
)
def test_a_name_a_postal_code_or_the_old_insee_form_designate_one_commune(reference, text):
    match = resolve(text)
    assert match.commune.insee_code == "46102"
    assert not match.ambiguous and not match.unknown


def test_a_postal_code_of_one_commune_designates_it(reference):
    assert resolve("46000").commune.name == "Cahors"
    assert resolve("32000").commune.name == "Auch"


def test_communes_are_shown_with_their_postal_code(reference):
    figeac, vignon = Commune.objects.get(pk="46102"), Commune.objects.get(pk="46232")
    labels = labels_for([figeac, vignon])
    assert labels == {"46102": "Figeac (46100)", "46232": "Le Vignon-en-Quercy (46110)"}


def test_namesakes_sharing_a_postal_code_are_told_apart_by_the_insee_code(reference):
    lot = Department.objects.get(code="46")
    CommuneFactory(insee_code="46901", name="Figeac", department=lot, postal_codes="46100")
    figeac = Commune.objects.get(pk="46102")
    assert labels_for([figeac]) == {"46102": "Figeac (46102)"}
    assert resolve("Figeac (46102)").commune == figeac
    assert codes(resolve("Figeac (46100)")) == ["46102", "46901"]  # by population


def test_a_shared_postal_code_offers_its_communes_not_the_one_whose_insee_code_it_is(reference):
    # 46190 is Sousceyrac-en-Quercy's and Teyssieu's postal code, and Mechmont's INSEE code.
    match = resolve("46190")
    assert match.ambiguous
    assert [choice.label for choice in match.choices] == [
        "Sousceyrac-en-Quercy (46190)",
        "Teyssieu (46190)",
    ]
    assert not match.more


def test_a_postal_code_of_many_communes_offers_the_ten_most_populous(reference):
    match = resolve("46100")  # Figeac and 18 communes around
    assert match.ambiguous and match.more
    assert len(match.choices) == 10
    assert match.choices[0].label == "Figeac (46100)"
    populations = [choice.commune.population for choice in match.choices]
    assert populations == sorted(populations, reverse=True)


def test_a_name_shared_by_two_departments_offers_both_with_their_department(reference):
    match = resolve("Montaut")
    assert match.ambiguous and not match.more
    assert {(choice.label, choice.commune.department.name) for choice in match.choices} == {
        ("Montaut (32300)", "Gers"),
        ("Montaut (47210)", "Lot-et-Garonne"),
    }
    assert all(choice.commune.epci.name in choice.detail for choice in match.choices)
    assert resolve("Montaut (47210)").commune.insee_code == "47184"


def test_unknown_text_is_unknown(reference):
    assert resolve("Atlantide").unknown
    assert resolve("Figeac (47000)").unknown


def test_links_name_a_commune_unambiguously(reference):
    faycelles = Commune.objects.get(pk="46100")  # its INSEE code is Figeac's postal code
    assert commune_reference(faycelles) == "Faycelles (46100)"
    assert resolve(commune_reference(faycelles)).commune == faycelles
    figeac = Commune.objects.get(pk="46102")
    assert commune_reference(figeac) == "46102"
    assert resolve(commune_reference(figeac)).commune == figeac


def test_an_ambiguous_answer_comes_back_with_the_candidates_to_pick(reference):
    form = OneCommune({"commune": "Montaut"})
    assert not form.is_valid()
    assert form.errors["commune"] == [
        "Plusieurs communes correspondent à « Montaut » : choisissez la vôtre ci-dessous."
    ]
    html = str(form["commune"])
    assert 'name="commune-choix-0" value="Montaut (32300)"' in html
    assert 'name="commune-choix-0" value="Montaut (47210)"' in html
    assert "Gers" in html and "Lot-et-Garonne" in html

    picked = OneCommune({"commune": "Montaut", "commune-choix-0": "Montaut (47210)"})
    assert picked.is_valid(), picked.errors
    assert picked.cleaned_data["commune"].insee_code == "47184"


def test_too_many_candidates_ask_to_be_more_precise(reference):
    form = OneCommune({"commune": "Saint"})
    assert not form.is_valid()
    assert "Beaucoup de communes correspondent à « Saint » : précisez" in form.errors["commune"][0]
    html = str(form["commune"])
    assert html.count('type="radio"') == 10
    assert "Seules les dix communes les plus peuplées sont proposées" in html


def test_a_list_keeps_what_is_clear_and_asks_only_about_the_rest(reference):
    form = SeveralCommunes({"communes": "Figeac, Montaut, Atlantide"})
    assert not form.is_valid()
    assert form.errors["communes"] == [
        "Commune inconnue ou hors du territoire couvert : « Atlantide ».",
        "Plusieurs communes correspondent à « Montaut » : choisissez la vôtre ci-dessous.",
    ]
    html = str(form["communes"])
    assert 'name="communes-choix-1"' in html and "choix-0" not in html
    assert 'value="Figeac, Montaut, Atlantide"' in html  # nothing typed is lost

    picked = SeveralCommunes({"communes": "Figeac, Montaut", "communes-choix-1": "Montaut (32300)"})
    assert picked.is_valid(), picked.errors
    assert [c.insee_code for c in picked.cleaned_data["communes"]] == ["46102", "32278"]


def test_initial_communes_are_shown_with_their_postal_code(reference):
    form = SeveralCommunes(
        initial={"communes": list(Commune.objects.filter(pk__in=["46102", "46042"]))}
    )
    assert 'value="Cahors (46000), Figeac (46100)"' in str(form["communes"])


def test_communes_outside_the_covered_territory_are_refused(reference):
    Department.objects.get(code="47").desks.clear()
    form = OneCommune({"commune": "Montaut"})
    assert form.is_valid()  # only the Gers's Montaut is left
    assert form.cleaned_data["commune"].insee_code == "32278"
    assert not OneCommune({"commune": "Agen"}).is_valid()
