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
from installations.models.reminders import Reminder, ReminderRule, ServiceLevel

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
    "Reminder",
    "ReminderRule",
    "ServiceLevel",
    "Step",
    "StepTemplate",
]
