"""The French formatting layer: dates, times, numbers, elisions, plurals and lists."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.template import engines
from django.utils.formats import date_format

from portal.formatting import (
    NBSP,
    agree,
    count_fr,
    date_fr,
    datetime_fr,
    de,
    end_sentence,
    euros_fr,
    le,
    list_fr,
    number_fr,
    plural,
    time_fr,
)

PARIS = ZoneInfo("Europe/Paris")


def plain(text):
    return text.replace(NBSP, " ")


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_dates_say_1er_and_lowercase_full_months():
    assert plain(date_fr(date(2026, 9, 1))) == "1er septembre 2026"
    assert plain(date_fr(date(2026, 11, 22))) == "22 novembre 2026"
    assert plain(date_fr(date(2027, 5, 6))) == "6 mai 2027"
    assert plain(date_fr(date(2026, 9, 1), with_weekday=True)) == "mardi 1er septembre 2026"
    assert plain(date_fr(date(2026, 2, 11), with_year=False)) == "11 février"
    assert date_fr(None) == ""


def test_the_day_and_month_never_part():
    assert date_fr(date(2026, 9, 1)) == f"1er{NBSP}septembre 2026"


def test_times_are_typographic_and_local():
    assert plain(time_fr(datetime(2026, 11, 22, 18, 30))) == "18 h 30"
    assert plain(time_fr(datetime(2026, 11, 22, 9, 0))) == "9 h"
    assert plain(time_fr(datetime(2026, 11, 22, 9, 5))) == "9 h 05"
    aware_utc = datetime(2026, 11, 22, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert plain(datetime_fr(aware_utc)) == "22 novembre 2026 à 18 h 30"
    assert plain(datetime_fr(datetime(2026, 6, 1, 8, 0, tzinfo=PARIS), with_weekday=True)) == (
        "lundi 1er juin 2026 à 8 h"
    )


def test_numbers_are_grouped_by_three_with_a_no_break_space():
    assert number_fr(176473) == f"176{NBSP}473"
    assert plain(number_fr(1234567)) == "1 234 567"
    assert number_fr(999) == "999"
    assert number_fr(0) == "0"
    assert number_fr(Decimal("12.5")) == "12,50"
    assert number_fr(12.46, 1) == "12,5"
    assert plain(euros_fr(10000)) == "10 000 €"
    assert plain(euros_fr(Decimal("450.00"), 0)) == "450 €"
    assert number_fr(None) == ""


def test_elision_before_vowels_and_a_few_mute_h():
    assert de("Alvignac") == "d'Alvignac"
    assert de("Figeac") == "de Figeac"
    assert de("Yvelines") == "d'Yvelines"
    assert de("Éauze") == "d'Éauze"
    assert de("Hauteville-Lompnes") == "d'Hauteville-Lompnes"
    assert de("Ham") == "de Ham"  # an aspirated H by default
    assert le("Aveyron") == "l'Aveyron"
    assert le("Lot") == "le Lot"


def test_plurals_the_french_way():
    assert [plural(n, "personne", "personnes") for n in (0, 1, 2)] == [
        "personne",
        "personne",
        "personnes",
    ]
    assert count_fr(0, "présent", "présents") == "0 présent"
    assert plain(count_fr(12000, "personne", "personnes")) == "12 000 personnes"


def test_lists_end_with_et():
    assert list_fr(["a", "b", "c"]) == "a, b et c"
    assert list_fr(["a", "b"]) == "a et b"
    assert list_fr(["a"]) == "a"
    assert list_fr([]) == ""


def test_sentences_end_once():
    assert (
        end_sentence("Vous êtes installé·e : bienvenue !") == "Vous êtes installé·e : bienvenue !"
    )
    assert end_sentence("Votre dossier est clos") == "Votre dossier est clos."


def test_agreement_follows_the_civility():
    assert agree("Vous êtes installé·e", "mme") == "Vous êtes installée"
    assert agree("Vous êtes installé·e", "m") == "Vous êtes installé"
    assert agree("Vous êtes installé·e", "") == "Vous êtes installé·e"


def test_template_filters_are_builtins():
    text = render(
        '{{ d|date_fr }}|{{ d|date_fr:"weekday" }}|{{ dt|datetime_fr }}|{{ dt|time_fr }}|'
        '{{ n|number_fr }}|{{ n|euros_fr }}|{{ zero|pluralize_fr:"présent,présents" }}|'
        '{{ one|pluralize_fr:"présent,présents" }}|{{ two|pluralize_fr:"présent,présents" }}|'
        '{{ zero|count_fr:"personne,personnes" }}|{{ place|de }}|{{ items|list_fr }}',
        d=date(2026, 9, 1),
        dt=datetime(2026, 11, 22, 18, 30, tzinfo=PARIS),
        n=176473,
        zero=0,
        one=1,
        two=2,
        place="Alvignac",
        items=["Figeac", "Cahors", "Gramat"],
    )
    assert plain(text).split("|") == [
        "1er septembre 2026",
        "mardi 1er septembre 2026",
        "22 novembre 2026 à 18 h 30",
        "18 h 30",
        "176 473",
        "176 473 €",
        "présent",
        "présent",
        "présents",
        "0 personne",
        "d'Alvignac",
        "Figeac, Cahors et Gramat",
    ]


def test_elision_escapes_the_name_but_not_the_apostrophe():
    assert render("{{ place|de }}", place="Ax <b>") == "d'Ax &lt;b&gt;"


def test_djangos_own_formats_write_the_french_time():
    """The admin and ``|date`` without argument: portal/formats/fr."""
    value = datetime(2026, 11, 22, 18, 30)
    assert date_format(value, "TIME_FORMAT") == "18 h 30"
    assert date_format(value, "DATETIME_FORMAT") == "22 novembre 2026 à 18 h 30"
