import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from pypdf import PdfReader

from installations import workflow
from installations.enums import CaseStatus, EventKind
from portal.mail import deliver
from portal.models import OutgoingMail
from tests.events.factories import EventFactory, InvitationFactory
from tests.installations.factories import CaseFactory, ReferentFactory
from tests.structures.factories import StructureFactory, VacancyFactory
from welcome import pack as welcome_pack
from welcome.models import PracticalResource, WelcomePack

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def pdf_text(pack):
    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def case(newcomer, referent, desk, gp, figeac, step_templates):
    from installations import services

    ReferentFactory(user=referent, organisation="CPTS du Figeacois", public_phone="01 99 00 46 20")
    case = CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
        first_name="Camille",
        last_name="Durand",
        project_text="Exercer en équipe",
    )
    services.create_steps(case)
    structure = StructureFactory(
        name="Maison de santé de Figeac",
        commune=figeac,
        latitude=figeac.latitude,
        longitude=figeac.longitude,
    )
    VacancyFactory(structure=structure, profession=gp)
    event = EventFactory(title="Soirée d'accueil du Figeacois", desk=desk, commune=figeac)
    InvitationFactory(event=event, user=newcomer, email=newcomer.email)
    PracticalResource.objects.create(
        desk=desk, category="housing", title="Studios meublés de la communauté de communes"
    )
    return case


def test_every_section_has_real_content(case, referent):
    pack = welcome_pack.generate(case.pk)
    reader, text = pdf_text(pack)
    flat = " ".join(text.split())
    for expected in [
        "Livret d'accueil",
        "Camille Durand",
        "Sommaire",
        "Bienvenue",
        "Exercer en équipe",
        referent.get_full_name(),
        "CPTS du Figeacois",
        "01 99 00 46 20",
        "Figeac",
        "Maison de santé de Figeac",
        "Médecin généraliste",
        "Les aides pour votre projet",
        "Soirée d'accueil du Figeacois",
        "/invitation/",
        "Inscription au tableau de l'Ordre",
        "Studios meublés de la communauté de communes",
        "Page 2 sur",
    ]:
        assert expected in flat, expected
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "fr"
    assert len(reader.pages) >= 8


def test_same_content_gives_one_file_and_one_mail(case, newcomer):
    first = welcome_pack.generate(case.pk)
    second = welcome_pack.generate(case.pk)
    assert first.pk == second.pk
    assert WelcomePack.objects.count() == 1
    assert OutgoingMail.objects.filter(to=newcomer.email, topic="welcome_pack").count() == 1
    assert case.events.filter(kind=EventKind.WELCOME_PACK).count() == 1


def test_changed_content_gives_a_new_pack(case, desk):
    first = welcome_pack.generate(case.pk)
    PracticalResource.objects.create(desk=desk, category="leisure", title="Club de randonnée")
    second = welcome_pack.generate(case.pk)
    assert second.pk != first.pk and "Club de randonnée" in pdf_text(second)[1]


def test_the_pack_is_mailed_as_an_attachment(case, newcomer):
    welcome_pack.generate(case.pk)
    row = OutgoingMail.objects.get(to=newcomer.email, topic="welcome_pack")
    assert deliver(row.pk)
    [message] = django_mail.outbox
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".pdf") and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


class Spy(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        Spy.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_text_typed_by_the_applicant_fetches_nothing(case):
    server = HTTPServer(("127.0.0.1", 0), Spy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        case.first_name = f'<img src="http://127.0.0.1:{port}/nom">'
        case.project_text = (
            f'<img src="file:///etc/passwd"> <img src="http://127.0.0.1:{port}/x">'
            '<link rel="stylesheet" href="http://127.0.0.1:%d/s.css">' % port
        )
        case.save()
        pack = welcome_pack.generate(case.pk)
    finally:
        server.shutdown()
    assert Spy.hits == []
    text = pdf_text(pack)[1]
    assert "<img" in text  # shown as text, never interpreted
    assert "root:" not in text


def test_assignment_queues_the_pack(
    submitted_case, staff, referent, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(submitted_case, CaseStatus.ASSIGNED, by=staff, referent=referent)
    assert WelcomePack.objects.filter(case=submitted_case).count() == 1


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("newcomer", 200),
        ("other_newcomer", 404),
        ("referent", 200),
        ("other_referent", 404),
        ("staff", 200),
        ("other_staff", 404),
        ("coordinator", 404),
    ],
)
def test_download_is_scoped_like_the_case(request, client, case, persona, expected):
    welcome_pack.generate(case.pk)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("welcome:download", kwargs={"pk": case.pk}))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_pending_page_and_on_demand_generation(
    client, newcomer, case, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    url = reverse("welcome:download", kwargs={"pk": case.pk})
    assert "pas encore prêt" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("welcome:regenerate", kwargs={"pk": case.pk}),
            {"next": case.get_absolute_url()},
        )
    assert client.get(url)["Content-Type"] == "application/pdf"
    assert "Télécharger le livret" in client.get(case.get_absolute_url()).content.decode()
