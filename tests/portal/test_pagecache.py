"""Anonymous public pages come from the cache; any change to their data shows at once."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from structures.services import confirm_vacancy
from tests.structures.factories import StructureFactory, VacancyFactory

DIRECTORY = "/annuaire/?kind=msp"


@pytest.fixture
def page_cache(settings):
    """An empty cache of its own: a local-memory cache outlives the test that filled it."""
    settings.PORTAL_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pagecache-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_runs_no_query(
    client, page_cache, cahors, professions, django_assert_num_queries
):
    StructureFactory(name="Maison de santé du Pont Valentré", commune=cahors)
    first = client.get(DIRECTORY)
    with django_assert_num_queries(0):
        second = client.get(DIRECTORY)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Pont Valentré" in second.content.decode()


def test_a_saved_structure_shows_at_once(
    client, page_cache, cahors, professions, django_capture_on_commit_callbacks
):
    client.get(DIRECTORY)
    with django_capture_on_commit_callbacks(execute=True):
        StructureFactory(name="Maison de santé de Lalbenque", commune=cahors)
    assert "Lalbenque" in client.get(DIRECTORY).content.decode()


def test_a_filled_vacancy_leaves_the_structure_page_at_once(
    client, page_cache, cahors, professions, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(structure=StructureFactory(commune=cahors))
    url = reverse("structures:structure", kwargs={"pk": vacancy.structure_id})
    assert vacancy.get_absolute_url() in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_vacancy(vacancy=vacancy, still_open=False)  # update(): no signal
    assert vacancy.get_absolute_url() not in client.get(url).content.decode()


def test_signed_in_pages_are_never_shared(
    client, page_cache, cahors, professions, newcomer, django_assert_max_num_queries
):
    StructureFactory(commune=cahors)
    client.get(DIRECTORY)  # cached for anonymous visitors
    client.force_login(newcomer)
    response = client.get(DIRECTORY)
    assert "csrfmiddlewaretoken" in response.content.decode()  # the logout form: not cached
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        client.get(DIRECTORY)


def test_off_outside_production(client, cahors, professions, django_assert_max_num_queries):
    StructureFactory(commune=cahors)
    client.get(DIRECTORY)
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        client.get(DIRECTORY)
