"""The professions met on the ground, seeded by a data migration (and kept by code)."""

# (code, label, kind, parent code)
PROFESSIONS = [
    ("medecin-generaliste", "Médecin généraliste", "medical", None),
    ("medecin-specialiste", "Médecin spécialiste", "medical", None),
    ("angiologie", "Angiologie", "medical", "medecin-specialiste"),
    ("cardiologie", "Cardiologie", "medical", "medecin-specialiste"),
    ("dermatologie", "Dermatologie", "medical", "medecin-specialiste"),
    ("gynecologie", "Gynécologie", "medical", "medecin-specialiste"),
    ("neurologie", "Neurologie", "medical", "medecin-specialiste"),
    ("ophtalmologie", "Ophtalmologie", "medical", "medecin-specialiste"),
    ("pediatrie", "Pédiatrie", "medical", "medecin-specialiste"),
    ("psychiatrie", "Psychiatrie", "medical", "medecin-specialiste"),
    ("rhumatologie", "Rhumatologie", "medical", "medecin-specialiste"),
    ("geriatrie", "Gériatrie", "medical", "medecin-specialiste"),
    ("radiologie", "Radiologie", "medical", "medecin-specialiste"),
    ("medecine-urgence", "Médecine d'urgence", "medical", "medecin-specialiste"),
    ("chirurgien-dentiste", "Chirurgien·ne-dentiste", "medical", None),
    ("sage-femme", "Sage-femme", "medical", None),
    ("infirmier", "Infirmier·e", "paramedical", None),
    ("masseur-kinesitherapeute", "Masseur-kinésithérapeute", "paramedical", None),
    ("orthophoniste", "Orthophoniste", "paramedical", None),
    ("orthoptiste", "Orthoptiste", "paramedical", None),
    ("pedicure-podologue", "Pédicure-podologue", "paramedical", None),
    ("dieteticien", "Diététicien·ne", "paramedical", None),
    ("osteopathe", "Ostéopathe", "other", None),
    ("psychologue", "Psychologue", "other", None),
    ("pharmacien", "Pharmacien·ne", "other", None),
    ("biologiste", "Biologiste", "other", None),
    ("educateur-specialise", "Éducateur·rice spécialisé·e", "other", None),
    ("interne", "Interne", "other", None),
    ("etudiant-sante", "Étudiant·e en santé", "other", None),
]


def seed(Profession):
    """Create or update every profession; returns how many exist afterwards."""
    by_code = {}
    for position, (code, label, kind, parent) in enumerate(PROFESSIONS):
        by_code[code], _ = Profession.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "kind": kind,
                "parent": by_code.get(parent),
                "position": position,
            },
        )
    return len(by_code)
