"""What zone a commune is in, for a profession, on a date: read from the zoning layers.

Each profession has its own ARS zoning (doctors: ZIP/ZAC/ZAR; nurses, physiotherapists…:
their own), and the France Ruralités Revitalisation list is a layer of its own that serves
every profession. A layer is one version of one zoning, valid between two dates: the class
that counts is the one of the layer in force on the planned installation date.

``classify`` and ``classifications`` make one query per call; for a list of communes,
``classifications_for`` makes one query for all of them.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from territories.models import (
    PROFESSION_GROUP_OF,
    ZONE_LABELS,
    CommuneZoning,
    ZoningKind,
    ZoningLayer,
)


@dataclass(frozen=True)
class ZoneClass:
    kind: str  # "ars" or "frr"
    value: str  # ars: "ZIP" | "ZAC" | "ZAR" | "hors"; frr: "FRR" | "FRR+" | "hors" (or "ZRR")
    layer: ZoningLayer

    @property
    def label(self) -> str:
        """« ZIP (zone d'intervention prioritaire) », « hors FRR »…"""
        return str(ZONE_LABELS.get((self.kind, self.value), self.value))

    @property
    def source(self) -> str:
        return self.layer.source

    @property
    def decided_on(self) -> date | None:
        return self.layer.decided_on

    @property
    def is_demo(self) -> bool:
        return self.layer.is_demo


def _rows(communes, *, kind=None, profession=None, on=None):
    """The classes of ``communes`` in the layers valid on ``on`` that serve ``profession``
    (every kind, or ``kind``), most recent layer first."""
    on = on or timezone.localdate()
    served = Q(layer__kind=ZoningKind.FRR)
    group = PROFESSION_GROUP_OF.get(profession or "")
    if group:
        served |= Q(layer__kind=ZoningKind.ARS, layer__profession_group=group)
    if kind is not None:
        served &= Q(layer__kind=kind)
    return (
        CommuneZoning.objects.filter(served, commune__in=communes)
        .filter(layer__valid_from__lte=on)
        .filter(Q(layer__valid_until__isnull=True) | Q(layer__valid_until__gte=on))
        .select_related("layer")
        .order_by("commune_id", "layer__kind", "-layer__valid_from", "-layer__pk")
    )


def _first_per_kind(rows):
    classes = {}
    for row in rows:
        key = (row.commune_id, row.layer.kind)
        if key not in classes:
            classes[key] = ZoneClass(kind=row.layer.kind, value=row.value, layer=row.layer)
    return classes


def classify(commune, *, kind: str, profession: str | None = None, on: date | None = None):
    """The class of ``commune`` in the layer of ``kind`` valid on ``on`` (today by default)
    that serves ``profession`` (a ``structures.Profession`` code; the doctors' layer serves
    every specialty); ``None`` when no such layer classes the commune. An ARS layer needs a
    profession: a nurse is not in the doctors' ZIP."""
    if kind == ZoningKind.ARS and PROFESSION_GROUP_OF.get(profession or "") is None:
        return None
    row = _rows([commune.pk], kind=kind, profession=profession, on=on).first()
    return None if row is None else ZoneClass(kind=row.layer.kind, value=row.value, layer=row.layer)


def classifications(commune, *, profession: str | None = None, on: date | None = None):
    """Every layer's class for ``commune`` and ``profession`` on ``on``, ARS then FRR, for
    display (with each layer's source and date)."""
    return list(classifications_for([commune], profession=profession, on=on).get(commune.pk, []))


def classifications_for(communes, *, profession: str | None = None, on: date | None = None):
    """``{commune pk: [ZoneClass, …]}`` for a list of communes, in one query."""
    pks = [commune.pk for commune in communes]
    result = {pk: [] for pk in pks}
    if not pks:
        return result
    for (pk, _kind), zone in _first_per_kind(_rows(pks, profession=profession, on=on)).items():
        result[pk].append(zone)
    return result
