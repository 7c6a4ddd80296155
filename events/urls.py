from django.urls import path

from events.views import answer, documents, evening, guests, office, postal, public, survey

app_name = "events"

urlpatterns = [
    path("evenements/", public.calendar, name="calendar"),
    path("evenements/archives/", public.archive, name="archive"),
    path("evenements/flux.ics", public.feed, name="feed"),
    path("evenements/<int:pk>/", public.event_detail, name="event"),
    path("evenements/<int:pk>/evenement.ics", public.event_ics, name="event_ics"),
    path("invitation/<str:token>/", answer.answer, name="answer"),
    # The coordinator's front office (MFA required in production by the middleware).
    path("coordination/evenements/", office.event_list, name="office"),
    path("coordination/evenements/nouveau/", office.event_create, name="office_create"),
    path("coordination/evenements/<int:pk>/", office.event_dashboard, name="office_event"),
    path("coordination/evenements/<int:pk>/modifier/", office.event_edit, name="office_edit"),
    path("coordination/evenements/<int:pk>/ouvrir/", office.event_publish, name="office_publish"),
    path("coordination/evenements/<int:pk>/annuler/", office.event_cancel, name="office_cancel"),
    path("coordination/evenements/<int:pk>/invites/", guests.guests_build, name="guests"),
    path("coordination/evenements/<int:pk>/envoyer/", office.invitations_send, name="send"),
    path("coordination/evenements/<int:pk>/ecrire/", office.write_to_guests, name="write"),
    path("coordination/evenements/<int:pk>/accueil/", evening.check_in, name="check_in"),
    path(
        "coordination/evenements/<int:pk>/accueil/<int:invitation_pk>/",
        evening.check_in_toggle,
        name="check_in_toggle",
    ),
    path("coordination/evenements/<int:pk>/invites.csv", documents.guest_list_csv, name="csv"),
    path("coordination/evenements/<int:pk>/documents/", documents.documents_page, name="documents"),
    path(
        "coordination/evenements/<int:pk>/documents/demander/",
        documents.document_request,
        name="document_request",
    ),
    path(
        "coordination/evenements/<int:pk>/documents/<int:job_pk>/",
        documents.document_status,
        name="document",
    ),
    path(
        "coordination/evenements/<int:pk>/documents/<int:job_pk>/etat.json",
        documents.document_status_json,
        name="document_json",
    ),
    path(
        "coordination/evenements/<int:pk>/documents/<int:job_pk>/telecharger/",
        documents.document_download,
        name="document_download",
    ),
    # -- guest list (guests.py) --
    path(
        "coordination/evenements/<int:pk>/invites/<int:invitation_pk>/retirer/",
        guests.guest_remove,
        name="guest_remove",
    ),
    # -- print and postal (documents.py, postal.py) --
    path(
        "coordination/evenements/<int:pk>/documents/<int:job_pk>/envoyees/",
        documents.letters_sent,
        name="letters_sent",
    ),
    path("coordination/evenements/<int:pk>/a-appeler/", postal.calls, name="calls"),
    path(
        "coordination/evenements/<int:pk>/a-appeler/<int:invitation_pk>/",
        postal.call_done,
        name="call_done",
    ),
    # -- rules and answers (office.py, answer.py) --
    path(
        "coordination/evenements/<int:pk>/invites/<int:invitation_pk>/avancer/",
        office.invitation_move_up,
        name="move_up",
    ),
    # -- evening and survey (evening.py, survey.py) --
    path("evenement/avis/<str:token>/", survey.survey, name="survey"),
    path("coordination/evenements/<int:pk>/avis/", survey.survey_results, name="survey_results"),
    path(
        "coordination/evenements/<int:pk>/avis/envoyer/",
        survey.survey_send,
        name="survey_send",
    ),
]
