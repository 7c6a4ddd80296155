"""Demo desks and one account per role. Contacts are fictitious: phone numbers in the
01 99 00 block that public projects cite as reserved for fiction, addresses on the reserved
``.example`` domain.

Names: « Bienvenue Docteur ! » is the platform of the Conseil départemental de Lot-et-Garonne
(sources/lot-et-garonne-bienvenue-docteur.txt), so it names the 47 desk. No source gives the
Lot's service an official name: its desk says « démonstration »."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from portal.roles import Role
from territories.models import Department, Desk, DeskMember

DEMO_PASSWORD = "demo-portail-2026"  # noqa: S105 (public demo accounts, embedded mode only)

DESKS = [
    {
        "slug": "lot",
        "name": "Guichet installation santé du Lot (démonstration)",
        "tagline": "Accueillir les professionnels de santé dans le Lot (guichet de démonstration).",
        "department": "46",
        "phone": "01 99 00 46 46",
        "email": "accueil@guichet-lot.example",
        "opening_hours": "Du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h",
        "address": "Guichet santé (démonstration)\nAvenue de l'Exemple\n46000 Cahors",
        "colour": "#1f5f8b",
    },
    {
        "slug": "lot-et-garonne",
        "name": "Bienvenue Docteur !",
        "tagline": (
            "La plateforme du Conseil départemental de Lot-et-Garonne pour l'installation des "
            "médecins généralistes (guichet de démonstration, contacts fictifs)."
        ),
        "department": "47",
        "phone": "01 99 00 47 47",
        "email": "accueil@guichet-47.example",
        "opening_hours": "Du lundi au vendredi, de 9 h à 17 h",
        "address": "Guichet santé (démonstration)\nRue de l'Exemple\n47000 Agen",
        "colour": "#6b3a8c",
    },
    {
        "slug": "gers",
        "name": "Guichet santé du Gers",
        "tagline": "Venir exercer dans le Gers : on vous accompagne à chaque étape.",
        "department": "32",
        "phone": "01 99 00 32 32",
        "email": "accueil@guichet-gers.example",
        "opening_hours": "Du lundi au jeudi, de 9 h à 17 h ; le vendredi de 9 h à 12 h",
        "address": "Guichet santé (démonstration)\nPlace de l'Exemple\n32000 Auch",
        "colour": "#2d6a3e",
    },
]

# (e-mail, first name, last name, role, desk slug)
ACCOUNTS = [
    ("admin@demo.example", "Alex", "Martin", None, None),
    ("equipe.lot@demo.example", "Claire", "Delmas", Role.STAFF, "lot"),
    ("equipe.47@demo.example", "Hugo", "Bertrand", Role.STAFF, "lot-et-garonne"),
    ("equipe.gers@demo.example", "Inès", "Lacoste", Role.STAFF, "gers"),
    ("referent.lot@demo.example", "Julien", "Vidal", Role.REFERENT, "lot"),
    ("referente.figeac@demo.example", "Sophie", "Lafon", Role.REFERENT, "lot"),
    ("referent.47@demo.example", "Nadia", "Roux", Role.REFERENT, "lot-et-garonne"),
    ("referente.gers@demo.example", "Marion", "Dupuy", Role.REFERENT, "gers"),
    ("coordination.lot@demo.example", "Paul", "Cassagne", Role.COORDINATOR, "lot"),
    ("nouvelle.arrivante@demo.example", "Camille", "Durand", Role.NEWCOMER, None),
]


def ensure_account(email, first_name, last_name, role, desk=None):
    User = get_user_model()
    user = User.objects.filter(email=email).first() or User(email=email)
    user.first_name, user.last_name = first_name, last_name
    user.is_superuser = role is None
    user.role = role or Role.STAFF
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if desk is not None:
        DeskMember.objects.update_or_create(user=user, defaults={"desk": desk})
    return user


def load(report):
    if not Department.objects.exists():
        call_command("load_territories", verbosity=0)
    desks = {}
    for data in DESKS:
        data = dict(data)
        department = data.pop("department")
        desk, _ = Desk.objects.update_or_create(slug=data.pop("slug"), defaults=data)
        desk.departments.set([department])
        desks[desk.slug] = desk
    for email, first_name, last_name, role, desk_slug in ACCOUNTS:
        user = ensure_account(email, first_name, last_name, role, desks.get(desk_slug))
        label = "superutilisateur" if role is None else Role(role).label
        where = f" ({desks[desk_slug].name})" if desk_slug else ""
        report.account(user.email, f"{label}{where}")
    report.line(f"{len(desks)} guichets de démonstration.")
