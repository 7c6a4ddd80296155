from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


RPPS_SEPARATORS = str.maketrans("", "", " .-\u00a0\u202f")
# « 100 0123 4565 », « 100.012.345.65 »: the spaced form a person copies from a CPS card.
RPPS_TYPED_MAX_LENGTH = 20


def normalise_rpps(value: str) -> str:
    """The digits of an RPPS typed with spaces, dots or dashes."""
    return (value or "").strip().translate(RPPS_SEPARATORS)


def validate_rpps(value: str) -> None:
    """An RPPS number has 11 digits, the last one a Luhn check digit."""
    value = normalise_rpps(value)
    if not value:
        return
    if len(value) != 11 or not value.isdigit():
        raise ValidationError(
            _("Le numéro RPPS compte exactement 11 chiffres."), code="rpps_format"
        )
    if not luhn_is_valid(value):
        raise ValidationError(
            _("Ce numéro RPPS n'est pas valide (clé de contrôle incorrecte) : vérifiez-le."),
            code="rpps_checksum",
        )
