from events.models.compliance import (
    BudgetRuleSetting,
    ChecklistItem,
    ChecklistReview,
    NoticeRule,
    RegulatorNotice,
)
from events.models.event import (
    MONEY,
    BudgetCategory,
    BudgetLine,
    Event,
    EventFormat,
    EventOrder,
    EventType,
    Participant,
    ProgramItem,
)
from events.models.operations import EventChange, Task, Vendor, VendorRequest

__all__ = [
    "MONEY",
    "BudgetCategory",
    "BudgetLine",
    "BudgetRuleSetting",
    "ChecklistItem",
    "ChecklistReview",
    "Event",
    "EventChange",
    "EventFormat",
    "EventOrder",
    "EventType",
    "NoticeRule",
    "Participant",
    "ProgramItem",
    "RegulatorNotice",
    "Task",
    "Vendor",
    "VendorRequest",
]
