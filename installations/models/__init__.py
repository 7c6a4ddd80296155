"""Models of the cases app, one module per responsibility."""

from installations.models.case import (
    NEED_LABELS,
    SETTING_LABELS,
    TEXT_LIMIT,
    Case,
    CaseEvent,
    CaseEventQuerySet,
    CaseQuerySet,
)
from installations.models.checklist import Step, StepTemplate
from installations.models.referent import Referent, ReferentQuerySet

__all__ = [
    "NEED_LABELS",
    "SETTING_LABELS",
    "TEXT_LIMIT",
    "Case",
    "CaseEvent",
    "CaseEventQuerySet",
    "CaseQuerySet",
    "Referent",
    "ReferentQuerySet",
    "Step",
    "StepTemplate",
]
