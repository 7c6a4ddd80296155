"""One way to read a commune typed by a person: « Figeac », « 46100 », « Figeac (46100) », or
« Figeac (46102) » as older links and data wrote it (INSEE code).

People know postal codes, so communes are shown as « Figeac (46100) »; when two communes share
a name and that postal code, the INSEE code tells them apart instead. Text that matches several
communes is never settled silently: the caller gets the candidates, by population, to offer."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from territories.models import Commune
from territories.text import fold

MAX_CANDIDATES = 10


def first_postal_code(commune) -> str:
    codes = commune.postal_code_list
    return codes[0] if codes else commune.insee_code


def labels_for(communes) -> dict:
    """``{insee_code: "Nom (code postal)"}`` for ``communes``, in one query: the INSEE code
    replaces the postal code when another commune has the same name and that postal code."""
    communes = list(communes)
    if not communes:
        return {}
    namesakes = Commune.objects.filter(
        search_name__in={commune.search_name for commune in communes}
    ).values_list("search_name", "postal_codes")
    holders = Counter(
        (name, code) for name, codes in namesakes for code in codes.split(";") if code
    )
    labels = {}
    for commune in communes:
        code = first_postal_code(commune)
        if holders[(commune.search_name, code)] > 1:
            code = commune.insee_code
        labels[commune.insee_code] = f"{commune.name} ({code})"
    return labels


def commune_label(commune) -> str:
    return labels_for([commune])[commune.insee_code]


def commune_reference(commune) -> str:
    """What a link carries to name ``commune``, read back by ``resolve`` as that commune alone:
    its INSEE code, short and stable, unless that code is also a postal code (46100 is
    Faycelles's INSEE code and Figeac's postal code), then « Faycelles (46100) »."""
    if Commune.objects.filter(postal_codes__contains=commune.insee_code).exists():
        return f"{commune.name} ({commune.insee_code})"
    return commune.insee_code


@dataclass
class Choice:
    """A candidate as offered to the person: its label is the value to send back."""

    commune: Commune
    known_label: str = ""

    @property
    def label(self) -> str:
        return self.known_label or commune_label(self.commune)

    @property
    def detail(self) -> str:
        """What tells namesakes apart: department, then intercommunality."""
        parts = [self.commune.department.name]
        if self.commune.epci_id:
            parts.append(self.commune.epci.name)
        return ", ".join(parts)


@dataclass
class Match:
    """What one typed text designates: one commune, several (``ambiguous``) or none."""

    text: str
    choices: list = field(default_factory=list)
    more: bool = False  # more than MAX_CANDIDATES matched: only the most populous are offered

    @property
    def commune(self):
        if len(self.choices) == 1 and not self.more:
            return self.choices[0].commune
        return None

    @property
    def ambiguous(self) -> bool:
        return len(self.choices) > 1 or self.more

    @property
    def unknown(self) -> bool:
        return not self.choices


def _parse(text):
    """« Figeac (46100) » → ("Figeac", "46100"); « 46 100 » → ("", "46100")."""
    name, paren, code = text.partition("(")
    name, code = name.strip(), code.rstrip(") ").strip() if paren else ""
    if not code and name.replace(" ", "").isdigit():
        name, code = "", name.replace(" ", "")
    elif not code:  # « Figeac 46100 »
        head, _space, tail = name.rpartition(" ")
        if head and tail.isdigit() and len(tail) == 5:
            name, code = head, tail
    return name, code


@dataclass
class _Preference:
    """Among the communes read, the ones to keep when there are any (a Python test on the rows
    read, and the same condition in SQL to read them all when the first read was cut)."""

    test: object
    condition: Q


def _candidates(text, within):
    """(queryset, preference or None): the communes ``text`` may designate and, when some
    designate it better than others, which."""
    name, code = _parse(text)
    if not name and not code:
        return within.none(), None
    if code and len(code) < 5 and not name:
        starts = Q(postal_codes__startswith=code) | Q(insee_code__startswith=code)
        return within.filter(starts), None
    if code:
        # A postal code first (what people know), the INSEE code of older links otherwise;
        # with a name, the INSEE code first (it is how namesakes sharing a postal code differ).
        by_code = within.filter(Q(postal_codes__contains=code) | Q(insee_code=code))
        if name:
            insee = _Preference(lambda c: c.insee_code == code, Q(insee_code=code))
            return by_code.filter(search_name=fold(name)), insee
        postal = _Preference(lambda c: code in c.postal_code_list, Q(postal_codes__contains=code))
        return by_code, postal
    folded = fold(name)
    exact = _Preference(lambda c: c.search_name == folded, Q(search_name=folded))
    return within.filter(search_name__contains=folded), exact


def resolve(text: str, *, within=None) -> Match:
    """The commune(s) ``text`` designates among ``within`` (default: the covered communes),
    most populous first. One query when the text designates one commune."""
    text = " ".join((text or "").split())
    within = Commune.objects.covered() if within is None else within
    queryset, preference = _candidates(text, within)
    queryset = queryset.select_related("department", "epci").order_by(
        "-population", "name", "insee_code"
    )
    found = list(queryset[: MAX_CANDIDATES + 1])
    if preference is not None:
        preferred = [commune for commune in found if preference.test(commune)]
        if len(found) > MAX_CANDIDATES:  # the first read was cut: read the preferred alone
            preferred = list(queryset.filter(preference.condition)[: MAX_CANDIDATES + 1])
        if preferred:
            found = preferred
    shown = found[:MAX_CANDIDATES]
    labels = labels_for(shown) if len(shown) > 1 else {}
    return Match(
        text=text,
        choices=[Choice(commune, labels.get(commune.insee_code, "")) for commune in shown],
        more=len(found) > MAX_CANDIDATES,
    )


def split(text: str) -> list:
    """The communes of a list typed with commas (or semicolons), in order."""
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def resolve_many(text: str, *, within=None, limit=20) -> list:
    return [resolve(part, within=within) for part in split(text)[:limit]]
