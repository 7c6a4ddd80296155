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
from installations.models.welcome_pack import PracticalResource, ResourceCategory, WelcomePack

__all__ = [
    "NEED_LABELS",
    "SETTING_LABELS",
    "TEXT_LIMIT",
    "Case",
    "CaseEvent",
    "CaseEventQuerySet",
    "CaseQuerySet",
    "PracticalResource",
    "Referent",
    "ReferentQuerySet",
    "Reminder",
    "ReminderRule",
    "ResourceCategory",
    "ServiceLevel",
    "Step",
    "StepTemplate",
    "WelcomePack",
]

# Students, ambassadors and the hotline (issue 9).
from installations.models.ambassadors import Ambassador, Introduction
from installations.models.hotline import HotlineRecord
from installations.models.housing import (
    HousingAllocation,
    HousingOffer,
    HousingPeriod,
    HousingRequest,
)

__all__ += [
    "Ambassador",
    "HotlineRecord",
    "HousingAllocation",
    "HousingOffer",
    "HousingPeriod",
    "HousingRequest",
    "Introduction",
]
