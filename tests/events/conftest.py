import pytest

from tests.events.factories import EventFactory


@pytest.fixture
def event(desk, figeac):
    return EventFactory(desk=desk, commune=figeac, title="Soirée d'accueil du Grand-Figeac")


@pytest.fixture
def other_event(other_desk, auch):
    return EventFactory(desk=other_desk, commune=auch, title="Soirée du Gers")
